-- source: dossiers
-- result
SELECT
  `t32`.`unit`,
  `t32`.`pid`,
  SUM(`t32`.`ON_TIME__den`) AS `ON_TIME__den`,
  SUM(`t32`.`ON_TIME__num`) AS `ON_TIME__num`,
  SUM(`t32`.`ONLINE_RATE__den`) AS `ONLINE_RATE__den`,
  SUM(`t32`.`ONLINE_RATE__num`) AS `ONLINE_RATE__num`,
  SUM(`t32`.`PAYMENT_DOSSIER_ONLINE__den`) AS `PAYMENT_DOSSIER_ONLINE__den`,
  SUM(`t32`.`PAYMENT_DOSSIER_ONLINE__num`) AS `PAYMENT_DOSSIER_ONLINE__num`,
  SUM(`t32`.`DIGITISATION_RATE__den`) AS `DIGITISATION_RATE__den`,
  SUM(`t32`.`DIGITISATION_RATE__num`) AS `DIGITISATION_RATE__num`,
  SUM(`t32`.`ELECTRONIC_RESULT_RATE__den`) AS `ELECTRONIC_RESULT_RATE__den`,
  SUM(`t32`.`ELECTRONIC_RESULT_RATE__num`) AS `ELECTRONIC_RESULT_RATE__num`,
  SUM(`t32`.`AVG_PROCESSING_DAYS__sum`) AS `AVG_PROCESSING_DAYS__sum`,
  SUM(`t32`.`AVG_PROCESSING_DAYS__den`) AS `AVG_PROCESSING_DAYS__den`,
  SUM(`t32`.`OVERDUE_OPEN__den`) AS `OVERDUE_OPEN__den`,
  SUM(`t32`.`OVERDUE_OPEN__num`) AS `OVERDUE_OPEN__num`
FROM (
  SELECT
    `t31`.`pid`,
    `t31`.`ON_TIME__den`,
    `t31`.`ON_TIME__num`,
    `t31`.`ONLINE_RATE__den`,
    `t31`.`ONLINE_RATE__num`,
    `t31`.`PAYMENT_DOSSIER_ONLINE__den`,
    `t31`.`PAYMENT_DOSSIER_ONLINE__num`,
    `t31`.`DIGITISATION_RATE__den`,
    `t31`.`DIGITISATION_RATE__num`,
    `t31`.`ELECTRONIC_RESULT_RATE__den`,
    `t31`.`ELECTRONIC_RESULT_RATE__num`,
    `t31`.`AVG_PROCESSING_DAYS__sum`,
    `t31`.`AVG_PROCESSING_DAYS__den`,
    `t31`.`OVERDUE_OPEN__den`,
    `t31`.`OVERDUE_OPEN__num`,
    `t31`.`ancestor` AS `unit`
  FROM (
    SELECT
      `t30`.`pid`,
      `t30`.`ON_TIME__den`,
      `t30`.`ON_TIME__num`,
      `t30`.`ONLINE_RATE__den`,
      `t30`.`ONLINE_RATE__num`,
      `t30`.`PAYMENT_DOSSIER_ONLINE__den`,
      `t30`.`PAYMENT_DOSSIER_ONLINE__num`,
      `t30`.`DIGITISATION_RATE__den`,
      `t30`.`DIGITISATION_RATE__num`,
      `t30`.`ELECTRONIC_RESULT_RATE__den`,
      `t30`.`ELECTRONIC_RESULT_RATE__num`,
      `t30`.`AVG_PROCESSING_DAYS__sum`,
      `t30`.`AVG_PROCESSING_DAYS__den`,
      `t30`.`OVERDUE_OPEN__den`,
      `t30`.`OVERDUE_OPEN__num`,
      `t30`.`ancestor`
    FROM (
      SELECT
        `t29`.`unit`,
        `t29`.`pid`,
        `t29`.`ON_TIME__den`,
        `t29`.`ON_TIME__num`,
        `t29`.`ONLINE_RATE__den`,
        `t29`.`ONLINE_RATE__num`,
        `t29`.`PAYMENT_DOSSIER_ONLINE__den`,
        `t29`.`PAYMENT_DOSSIER_ONLINE__num`,
        `t29`.`DIGITISATION_RATE__den`,
        `t29`.`DIGITISATION_RATE__num`,
        `t29`.`ELECTRONIC_RESULT_RATE__den`,
        `t29`.`ELECTRONIC_RESULT_RATE__num`,
        `t29`.`AVG_PROCESSING_DAYS__sum`,
        `t29`.`AVG_PROCESSING_DAYS__den`,
        `t29`.`OVERDUE_OPEN__den`,
        `t29`.`OVERDUE_OPEN__num`,
        `t5`.`ancestor`
      FROM (
        SELECT
          `t27`.`unit`,
          `t27`.`pid`,
          SUM(CAST(TRUE AS BIGINT)) AS `ON_TIME__den`,
          SUM(
            CAST(TRUE AND COALESCE(`t27`.`status` IN ('early', 'on_time', 'open_within'), FALSE) AS BIGINT)
          ) AS `ON_TIME__num`,
          SUM(CAST(TRUE AND `t27`.`in_received` AS BIGINT)) AS `ONLINE_RATE__den`,
          SUM(
            CAST(TRUE AND `t27`.`in_received` AND COALESCE(`t27`.`channel` = 'online', FALSE) AS BIGINT)
          ) AS `ONLINE_RATE__num`,
          SUM(CAST(COALESCE(`t27`.`fee`, FALSE) AND `t27`.`in_received` AS BIGINT)) AS `PAYMENT_DOSSIER_ONLINE__den`,
          SUM(
            CAST(COALESCE(`t27`.`fee`, FALSE)
            AND `t27`.`in_received`
            AND COALESCE(`t27`.`paid_online`, FALSE) AS BIGINT)
          ) AS `PAYMENT_DOSSIER_ONLINE__num`,
          SUM(CAST(TRUE AND `t27`.`in_received` AS BIGINT)) AS `DIGITISATION_RATE__den`,
          SUM(
            CAST(TRUE AND `t27`.`in_received` AND COALESCE(`t27`.`digitized_input`, FALSE) AS BIGINT)
          ) AS `DIGITISATION_RATE__num`,
          SUM(CAST(COALESCE(`t27`.`finished`, FALSE) AS BIGINT)) AS `ELECTRONIC_RESULT_RATE__den`,
          SUM(
            CAST(COALESCE(`t27`.`finished`, FALSE) AND COALESCE(`t27`.`electronic_result`, FALSE) AS BIGINT)
          ) AS `ELECTRONIC_RESULT_RATE__num`,
          SUM(
            IF(
              COALESCE(`t27`.`finished`, FALSE)
              AND (
                `t27`.`processing_working_days` IS NOT NULL
              ),
              `t27`.`processing_working_days`,
              NULL
            )
          ) AS `AVG_PROCESSING_DAYS__sum`,
          SUM(
            CAST(COALESCE(`t27`.`finished`, FALSE)
            AND (
              `t27`.`processing_working_days` IS NOT NULL
            ) AS BIGINT)
          ) AS `AVG_PROCESSING_DAYS__den`,
          SUM(CAST(TRUE AS BIGINT)) AS `OVERDUE_OPEN__den`,
          SUM(CAST(TRUE AND COALESCE(`t27`.`status` = 'open_overdue', FALSE) AS BIGINT)) AS `OVERDUE_OPEN__num`
        FROM (
          SELECT
            `t26`.`number`,
            `t26`.`procedure_code`,
            `t26`.`received_at`,
            `t26`.`channel`,
            `t26`.`fee`,
            `t26`.`paid_online`,
            `t26`.`digitized_input`,
            `t26`.`electronic_result`,
            `t26`.`_end`,
            `t26`.`_due`,
            `t26`.`unit`,
            `t26`.`_open_until`,
            `t26`.`pid`,
            `t26`.`p_start`,
            `t26`.`p_end`,
            `t26`.`p_at`,
            `t26`.`in_received`,
            `t26`.`requests`,
            `t26`.`waiting`,
            `t26`.`status`,
            `t26`.`finished`,
            `t26`.`r_seq`,
            `t26`.`e_seq`,
            `t26`.`e_seq` - `t26`.`r_seq` AS `processing_working_days`
          FROM (
            SELECT
              `t25`.`number`,
              `t25`.`procedure_code`,
              `t25`.`received_at`,
              `t25`.`channel`,
              `t25`.`fee`,
              `t25`.`paid_online`,
              `t25`.`digitized_input`,
              `t25`.`electronic_result`,
              `t25`.`_end`,
              `t25`.`_due`,
              `t25`.`unit`,
              `t25`.`_open_until`,
              `t25`.`pid`,
              `t25`.`p_start`,
              `t25`.`p_end`,
              `t25`.`p_at`,
              `t25`.`in_received`,
              `t25`.`requests`,
              `t25`.`waiting`,
              `t25`.`status`,
              `t25`.`finished`,
              `t9`.`r_day`,
              `t9`.`r_seq`,
              `t10`.`e_day`,
              `t10`.`e_seq`
            FROM (
              SELECT
                `t23`.`number`,
                `t23`.`procedure_code`,
                `t23`.`received_at`,
                `t23`.`channel`,
                `t23`.`fee`,
                `t23`.`paid_online`,
                `t23`.`digitized_input`,
                `t23`.`electronic_result`,
                `t23`.`_end`,
                `t23`.`_due`,
                `t23`.`unit`,
                `t23`.`_open_until`,
                `t23`.`pid`,
                `t23`.`p_start`,
                `t23`.`p_end`,
                `t23`.`p_at`,
                `t23`.`in_received`,
                `t23`.`requests`,
                `t23`.`waiting`,
                CASE
                  WHEN `t23`.`_due` IS NULL
                  THEN CAST(NULL AS STRING)
                  WHEN (
                    `t23`.`_end` IS NOT NULL
                  )
                  AND (
                    `t23`.`_end` <= `t23`.`p_at`
                  )
                  AND (
                    (
                      COALESCE(`t23`.`requests`, 0) > 1
                    ) OR (
                      `t23`.`_end` > `t23`.`_due`
                    )
                  )
                  THEN 'late'
                  WHEN (
                    `t23`.`_end` IS NOT NULL
                  )
                  AND (
                    `t23`.`_end` <= `t23`.`p_at`
                  )
                  AND (
                    CAST(`t23`.`_end` AS DATE) < CAST(`t23`.`_due` AS DATE)
                  )
                  THEN 'early'
                  WHEN (
                    `t23`.`_end` IS NOT NULL
                  ) AND (
                    `t23`.`_end` <= `t23`.`p_at`
                  )
                  THEN 'on_time'
                  WHEN COALESCE(`t23`.`requests`, 0) > 1
                  THEN 'open_overdue'
                  WHEN COALESCE(`t23`.`waiting`, FALSE) OR (
                    `t23`.`p_at` <= `t23`.`_due`
                  )
                  THEN 'open_within'
                  ELSE 'open_overdue'
                END AS `status`,
                (
                  `t23`.`_end` IS NOT NULL
                ) AND (
                  `t23`.`_end` <= `t23`.`p_at`
                ) AS `finished`
              FROM (
                SELECT
                  `t20`.`number`,
                  `t20`.`procedure_code`,
                  `t20`.`received_at`,
                  `t20`.`channel`,
                  `t20`.`fee`,
                  `t20`.`paid_online`,
                  `t20`.`digitized_input`,
                  `t20`.`electronic_result`,
                  `t20`.`_end`,
                  `t20`.`_due`,
                  `t20`.`unit`,
                  `t20`.`_open_until`,
                  `t20`.`pid`,
                  `t20`.`p_start`,
                  `t20`.`p_end`,
                  `t20`.`p_at`,
                  `t20`.`in_received`,
                  `t22`.`requests`,
                  `t22`.`waiting`
                FROM (
                  SELECT
                    `t18`.`number`,
                    `t18`.`procedure_code`,
                    `t18`.`received_at`,
                    `t18`.`channel`,
                    `t18`.`fee`,
                    `t18`.`paid_online`,
                    `t18`.`digitized_input`,
                    `t18`.`electronic_result`,
                    `t18`.`_end`,
                    `t18`.`_due`,
                    `t18`.`unit`,
                    `t18`.`_open_until`,
                    `t18`.`pid`,
                    `t18`.`p_start`,
                    `t18`.`p_end`,
                    `t18`.`p_at`,
                    `t18`.`received_at` >= `t18`.`p_start` AS `in_received`
                  FROM (
                    SELECT
                      `t16`.`number`,
                      `t16`.`procedure_code`,
                      `t16`.`received_at`,
                      `t16`.`channel`,
                      `t16`.`fee`,
                      `t16`.`paid_online`,
                      `t16`.`digitized_input`,
                      `t16`.`electronic_result`,
                      `t16`.`_end`,
                      `t16`.`_due`,
                      `t16`.`unit`,
                      `t16`.`_open_until`,
                      `t6`.`pid`,
                      `t6`.`p_start`,
                      `t6`.`p_end`,
                      `t6`.`p_at`
                    FROM (
                      SELECT
                        `t2`.`number`,
                        `t2`.`procedure_code`,
                        `t2`.`received_at`,
                        `t2`.`channel`,
                        `t2`.`fee`,
                        `t2`.`paid_online`,
                        `t2`.`digitized_input`,
                        `t2`.`electronic_result`,
                        COALESCE(
                          `t2`.`finished_at`,
                          `t2`.`returned_at`,
                          CASE
                            WHEN `t2`.`state` IN ('refused', 'stopped', 'withdrawn')
                            THEN `t2`.`state_at`
                            ELSE CAST(NULL AS TIMESTAMP)
                          END
                        ) AS `_end`,
                        `t2`.`due_at_computed` AS `_due`,
                        `t2`.`processing_unit` AS `unit`,
                        COALESCE(
                          COALESCE(
                            `t2`.`finished_at`,
                            `t2`.`returned_at`,
                            CASE
                              WHEN `t2`.`state` IN ('refused', 'stopped', 'withdrawn')
                              THEN `t2`.`state_at`
                              ELSE CAST(NULL AS TIMESTAMP)
                            END
                          ),
                          CAST('9999-12-31T00:00:00' AS TIMESTAMP)
                        ) AS `_open_until`
                      FROM `dossiers` AS `t2`
                      WHERE
                        `t2`.`received_at` < (
                          SELECT
                            MAX(`t3`.`p_end`) AS `Max(p_end)`
                          FROM `chiso_periods` AS `t3`
                        )
                        AND COALESCE(
                          COALESCE(
                            `t2`.`finished_at`,
                            `t2`.`returned_at`,
                            CASE
                              WHEN `t2`.`state` IN ('refused', 'stopped', 'withdrawn')
                              THEN `t2`.`state_at`
                              ELSE CAST(NULL AS TIMESTAMP)
                            END
                          ),
                          CAST('9999-12-31T00:00:00' AS TIMESTAMP)
                        ) >= (
                          SELECT
                            MIN(`t3`.`p_start`) AS `Min(p_start)`
                          FROM `chiso_periods` AS `t3`
                        )
                    ) AS `t16`
                    INNER JOIN `chiso_periods` AS `t6`
                      ON `t16`.`received_at` < `t6`.`p_end` AND `t16`.`_open_until` >= `t6`.`p_start`
                  ) AS `t18`
                ) AS `t20`
                LEFT OUTER JOIN (
                  SELECT
                    `t17`.`number`,
                    `t17`.`pid`,
                    COUNT(*) AS `requests`,
                    BOOL_OR((
                      `t17`.`end_at` IS NULL
                    ) OR (
                      `t17`.`end_at` > `t17`.`p_at`
                    )) AS `waiting`
                  FROM (
                    SELECT
                      `t15`.`number`,
                      `t15`.`kind`,
                      `t15`.`start_at`,
                      `t15`.`end_at`,
                      `t6`.`pid`,
                      `t6`.`p_start`,
                      `t6`.`p_end`,
                      `t6`.`p_at`
                    FROM (
                      SELECT
                        *
                      FROM `dossier_stops` AS `t4`
                      WHERE
                        `t4`.`kind` = 'supplement'
                        AND `t4`.`start_at` < (
                          SELECT
                            MAX(`t3`.`p_end`) AS `Max(p_end)`
                          FROM `chiso_periods` AS `t3`
                        )
                    ) AS `t15`
                    INNER JOIN `chiso_periods` AS `t6`
                      ON `t15`.`start_at` <= `t6`.`p_at`
                  ) AS `t17`
                  GROUP BY
                    1,
                    2
                ) AS `t22`
                  ON `t20`.`number` = `t22`.`number` AND `t20`.`pid` = `t22`.`pid`
              ) AS `t23`
            ) AS `t25`
            LEFT OUTER JOIN (
              SELECT
                `t1`.`day` AS `r_day`,
                `t1`.`wd_seq` AS `r_seq`
              FROM `calendar_days` AS `t1`
            ) AS `t9`
              ON CAST(`t25`.`received_at` AS DATE) = `t9`.`r_day`
            LEFT OUTER JOIN (
              SELECT
                `t1`.`day` AS `e_day`,
                `t1`.`wd_seq` AS `e_seq`
              FROM `calendar_days` AS `t1`
            ) AS `t10`
              ON CAST(`t25`.`_end` AS DATE) = `t10`.`e_day`
          ) AS `t26`
        ) AS `t27`
        GROUP BY
          1,
          2
      ) AS `t29`
      INNER JOIN `chiso_unit_tree` AS `t5`
        ON `t29`.`unit` = `t5`.`unit`
    ) AS `t30`
  ) AS `t31`
) AS `t32`
GROUP BY
  1,
  2;

-- source: feedback
-- result
SELECT
  `t26`.`unit`,
  `t26`.`pid`,
  SUM(`t26`.`PETITION_PROCESSING_ON_TIME__den`) AS `PETITION_PROCESSING_ON_TIME__den`,
  SUM(`t26`.`PETITION_PROCESSING_ON_TIME__num`) AS `PETITION_PROCESSING_ON_TIME__num`
FROM (
  SELECT
    `t25`.`pid`,
    `t25`.`PETITION_PROCESSING_ON_TIME__den`,
    `t25`.`PETITION_PROCESSING_ON_TIME__num`,
    `t25`.`ancestor` AS `unit`
  FROM (
    SELECT
      `t24`.`pid`,
      `t24`.`PETITION_PROCESSING_ON_TIME__den`,
      `t24`.`PETITION_PROCESSING_ON_TIME__num`,
      `t24`.`ancestor`
    FROM (
      SELECT
        `t23`.`unit`,
        `t23`.`pid`,
        `t23`.`PETITION_PROCESSING_ON_TIME__den`,
        `t23`.`PETITION_PROCESSING_ON_TIME__num`,
        `t4`.`ancestor`
      FROM (
        SELECT
          `t21`.`unit`,
          `t21`.`pid`,
          SUM(CAST(TRUE AS BIGINT)) AS `PETITION_PROCESSING_ON_TIME__den`,
          SUM(
            CAST(TRUE AND COALESCE(`t21`.`status` IN ('on_time', 'open_within'), FALSE) AS BIGINT)
          ) AS `PETITION_PROCESSING_ON_TIME__num`
        FROM (
          SELECT
            `t20`.`id`,
            `t20`.`unit_code`,
            `t20`.`received_at`,
            `t20`.`transferred_at`,
            `t20`.`answered_at`,
            `t20`.`category`,
            `t20`.`rating`,
            `t20`.`repeated`,
            `t20`.`_open_until`,
            `t20`.`pid`,
            `t20`.`p_start`,
            `t20`.`p_end`,
            `t20`.`p_at`,
            `t20`.`_start`,
            `t20`.`s_day`,
            `t20`.`s_seq`,
            `t20`.`_due_seq`,
            `t20`.`due_day`,
            `t20`.`due_seq`,
            CASE
              WHEN (
                `t20`.`answered_at` IS NOT NULL
              )
              AND (
                `t20`.`answered_at` <= `t20`.`p_at`
              )
              AND (
                CAST(`t20`.`answered_at` AS DATE) <= `t20`.`due_day`
              )
              THEN 'on_time'
              WHEN (
                `t20`.`answered_at` IS NOT NULL
              )
              AND (
                `t20`.`answered_at` <= `t20`.`p_at`
              )
              THEN 'late'
              WHEN CAST(`t20`.`p_at` AS DATE) <= `t20`.`due_day`
              THEN 'open_within'
              ELSE 'open_overdue'
            END AS `status`,
            (
              `t20`.`answered_at` IS NOT NULL
            )
            AND (
              `t20`.`answered_at` <= `t20`.`p_at`
            ) AS `answered`,
            `t20`.`received_at` >= `t20`.`p_start` AS `in_received`,
            `t20`.`unit_code` AS `unit`,
            '' AS `procedure_code`
          FROM (
            SELECT
              `t19`.`id`,
              `t19`.`unit_code`,
              `t19`.`received_at`,
              `t19`.`transferred_at`,
              `t19`.`answered_at`,
              `t19`.`category`,
              `t19`.`rating`,
              `t19`.`repeated`,
              `t19`.`_open_until`,
              `t19`.`pid`,
              `t19`.`p_start`,
              `t19`.`p_end`,
              `t19`.`p_at`,
              `t19`.`_start`,
              `t19`.`s_day`,
              `t19`.`s_seq`,
              `t19`.`_due_seq`,
              `t9`.`due_day`,
              `t9`.`due_seq`
            FROM (
              SELECT
                `t17`.`id`,
                `t17`.`unit_code`,
                `t17`.`received_at`,
                `t17`.`transferred_at`,
                `t17`.`answered_at`,
                `t17`.`category`,
                `t17`.`rating`,
                `t17`.`repeated`,
                `t17`.`_open_until`,
                `t17`.`pid`,
                `t17`.`p_start`,
                `t17`.`p_end`,
                `t17`.`p_at`,
                `t17`.`_start`,
                `t17`.`s_day`,
                `t17`.`s_seq`,
                `t17`.`s_seq` + 15 AS `_due_seq`
              FROM (
                SELECT
                  `t16`.`id`,
                  `t16`.`unit_code`,
                  `t16`.`received_at`,
                  `t16`.`transferred_at`,
                  `t16`.`answered_at`,
                  `t16`.`category`,
                  `t16`.`rating`,
                  `t16`.`repeated`,
                  `t16`.`_open_until`,
                  `t16`.`pid`,
                  `t16`.`p_start`,
                  `t16`.`p_end`,
                  `t16`.`p_at`,
                  `t16`.`_start`,
                  `t8`.`s_day`,
                  `t8`.`s_seq`
                FROM (
                  SELECT
                    `t14`.`id`,
                    `t14`.`unit_code`,
                    `t14`.`received_at`,
                    `t14`.`transferred_at`,
                    `t14`.`answered_at`,
                    `t14`.`category`,
                    `t14`.`rating`,
                    `t14`.`repeated`,
                    `t14`.`_open_until`,
                    `t14`.`pid`,
                    `t14`.`p_start`,
                    `t14`.`p_end`,
                    `t14`.`p_at`,
                    CAST(COALESCE(`t14`.`transferred_at`, `t14`.`received_at`) AS DATE) AS `_start`
                  FROM (
                    SELECT
                      `t13`.`id`,
                      `t13`.`unit_code`,
                      `t13`.`received_at`,
                      `t13`.`transferred_at`,
                      `t13`.`answered_at`,
                      `t13`.`category`,
                      `t13`.`rating`,
                      `t13`.`repeated`,
                      `t13`.`_open_until`,
                      `t5`.`pid`,
                      `t5`.`p_start`,
                      `t5`.`p_end`,
                      `t5`.`p_at`
                    FROM (
                      SELECT
                        `t2`.`id`,
                        `t2`.`unit_code`,
                        `t2`.`received_at`,
                        `t2`.`transferred_at`,
                        `t2`.`answered_at`,
                        `t2`.`category`,
                        `t2`.`rating`,
                        `t2`.`repeated`,
                        COALESCE(`t2`.`answered_at`, CAST('9999-12-31T00:00:00' AS TIMESTAMP)) AS `_open_until`
                      FROM `feedback` AS `t2`
                      WHERE
                        `t2`.`received_at` < (
                          SELECT
                            MAX(`t3`.`p_end`) AS `Max(p_end)`
                          FROM `chiso_periods` AS `t3`
                        )
                        AND COALESCE(`t2`.`answered_at`, CAST('9999-12-31T00:00:00' AS TIMESTAMP)) >= (
                          SELECT
                            MIN(`t3`.`p_start`) AS `Min(p_start)`
                          FROM `chiso_periods` AS `t3`
                        )
                    ) AS `t13`
                    INNER JOIN `chiso_periods` AS `t5`
                      ON `t13`.`received_at` < `t5`.`p_end` AND `t13`.`_open_until` >= `t5`.`p_start`
                  ) AS `t14`
                ) AS `t16`
                LEFT OUTER JOIN (
                  SELECT
                    `t1`.`day` AS `s_day`,
                    `t1`.`wd_seq` AS `s_seq`
                  FROM `calendar_days` AS `t1`
                ) AS `t8`
                  ON `t16`.`_start` = `t8`.`s_day`
              ) AS `t17`
            ) AS `t19`
            LEFT OUTER JOIN (
              SELECT
                `t1`.`day` AS `due_day`,
                `t1`.`wd_seq` AS `due_seq`
              FROM `calendar_days` AS `t1`
              WHERE
                `t1`.`is_workday`
            ) AS `t9`
              ON `t19`.`_due_seq` = `t9`.`due_seq`
          ) AS `t20`
        ) AS `t21`
        GROUP BY
          1,
          2
      ) AS `t23`
      INNER JOIN `chiso_unit_tree` AS `t4`
        ON `t23`.`unit` = `t4`.`unit`
    ) AS `t24`
  ) AS `t25`
) AS `t26`
GROUP BY
  1,
  2;
