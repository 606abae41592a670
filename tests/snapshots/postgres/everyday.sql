-- source: dossiers
-- result
SELECT
  "t36"."unit",
  "t36"."pid",
  SUM("t36"."ON_TIME__den") AS "ON_TIME__den",
  SUM("t36"."ON_TIME__num") AS "ON_TIME__num",
  SUM("t36"."ONLINE_RATE__den") AS "ONLINE_RATE__den",
  SUM("t36"."ONLINE_RATE__num") AS "ONLINE_RATE__num",
  SUM("t36"."PAYMENT_DOSSIER_ONLINE__den") AS "PAYMENT_DOSSIER_ONLINE__den",
  SUM("t36"."PAYMENT_DOSSIER_ONLINE__num") AS "PAYMENT_DOSSIER_ONLINE__num",
  SUM("t36"."DIGITISATION_RATE__den") AS "DIGITISATION_RATE__den",
  SUM("t36"."DIGITISATION_RATE__num") AS "DIGITISATION_RATE__num",
  SUM("t36"."ELECTRONIC_RESULT_RATE__den") AS "ELECTRONIC_RESULT_RATE__den",
  SUM("t36"."ELECTRONIC_RESULT_RATE__num") AS "ELECTRONIC_RESULT_RATE__num",
  SUM("t36"."AVG_PROCESSING_DAYS__sum") AS "AVG_PROCESSING_DAYS__sum",
  SUM("t36"."AVG_PROCESSING_DAYS__den") AS "AVG_PROCESSING_DAYS__den",
  SUM("t36"."OVERDUE_OPEN__den") AS "OVERDUE_OPEN__den",
  SUM("t36"."OVERDUE_OPEN__num") AS "OVERDUE_OPEN__num"
FROM (
  SELECT
    "t35"."pid",
    "t35"."ON_TIME__den",
    "t35"."ON_TIME__num",
    "t35"."ONLINE_RATE__den",
    "t35"."ONLINE_RATE__num",
    "t35"."PAYMENT_DOSSIER_ONLINE__den",
    "t35"."PAYMENT_DOSSIER_ONLINE__num",
    "t35"."DIGITISATION_RATE__den",
    "t35"."DIGITISATION_RATE__num",
    "t35"."ELECTRONIC_RESULT_RATE__den",
    "t35"."ELECTRONIC_RESULT_RATE__num",
    "t35"."AVG_PROCESSING_DAYS__sum",
    "t35"."AVG_PROCESSING_DAYS__den",
    "t35"."OVERDUE_OPEN__den",
    "t35"."OVERDUE_OPEN__num",
    "t35"."ancestor" AS "unit"
  FROM (
    SELECT
      "t34"."pid",
      "t34"."ON_TIME__den",
      "t34"."ON_TIME__num",
      "t34"."ONLINE_RATE__den",
      "t34"."ONLINE_RATE__num",
      "t34"."PAYMENT_DOSSIER_ONLINE__den",
      "t34"."PAYMENT_DOSSIER_ONLINE__num",
      "t34"."DIGITISATION_RATE__den",
      "t34"."DIGITISATION_RATE__num",
      "t34"."ELECTRONIC_RESULT_RATE__den",
      "t34"."ELECTRONIC_RESULT_RATE__num",
      "t34"."AVG_PROCESSING_DAYS__sum",
      "t34"."AVG_PROCESSING_DAYS__den",
      "t34"."OVERDUE_OPEN__den",
      "t34"."OVERDUE_OPEN__num",
      "t34"."ancestor"
    FROM (
      SELECT
        "t33"."unit",
        "t33"."pid",
        "t33"."ON_TIME__den",
        "t33"."ON_TIME__num",
        "t33"."ONLINE_RATE__den",
        "t33"."ONLINE_RATE__num",
        "t33"."PAYMENT_DOSSIER_ONLINE__den",
        "t33"."PAYMENT_DOSSIER_ONLINE__num",
        "t33"."DIGITISATION_RATE__den",
        "t33"."DIGITISATION_RATE__num",
        "t33"."ELECTRONIC_RESULT_RATE__den",
        "t33"."ELECTRONIC_RESULT_RATE__num",
        "t33"."AVG_PROCESSING_DAYS__sum",
        "t33"."AVG_PROCESSING_DAYS__den",
        "t33"."OVERDUE_OPEN__den",
        "t33"."OVERDUE_OPEN__num",
        "t5"."ancestor"
      FROM (
        SELECT
          "t31"."unit",
          "t31"."pid",
          COUNT(*) FILTER(WHERE
            TRUE) AS "ON_TIME__den",
          COUNT(*) FILTER(WHERE
            TRUE AND COALESCE("t31"."status" IN ('early', 'on_time', 'open_within'), FALSE)) AS "ON_TIME__num",
          COUNT(*) FILTER(WHERE
            TRUE AND "t31"."in_received") AS "ONLINE_RATE__den",
          COUNT(*) FILTER(WHERE
            TRUE AND "t31"."in_received" AND COALESCE("t31"."channel" = 'online', FALSE)) AS "ONLINE_RATE__num",
          COUNT(*) FILTER(WHERE
            COALESCE("t31"."fee", FALSE) AND "t31"."in_received") AS "PAYMENT_DOSSIER_ONLINE__den",
          COUNT(*) FILTER(WHERE
            COALESCE("t31"."fee", FALSE)
            AND "t31"."in_received"
            AND COALESCE("t31"."paid_online", FALSE)) AS "PAYMENT_DOSSIER_ONLINE__num",
          COUNT(*) FILTER(WHERE
            TRUE AND "t31"."in_received") AS "DIGITISATION_RATE__den",
          COUNT(*) FILTER(WHERE
            TRUE AND "t31"."in_received" AND COALESCE("t31"."digitized_input", FALSE)) AS "DIGITISATION_RATE__num",
          COUNT(*) FILTER(WHERE
            COALESCE("t31"."finished", FALSE)) AS "ELECTRONIC_RESULT_RATE__den",
          COUNT(*) FILTER(WHERE
            COALESCE("t31"."finished", FALSE) AND COALESCE("t31"."electronic_result", FALSE)) AS "ELECTRONIC_RESULT_RATE__num",
          SUM("t31"."processing_working_days") FILTER(WHERE
            COALESCE("t31"."finished", FALSE)
            AND (
              "t31"."processing_working_days" IS NOT NULL
            )) AS "AVG_PROCESSING_DAYS__sum",
          COUNT(*) FILTER(WHERE
            COALESCE("t31"."finished", FALSE)
            AND (
              "t31"."processing_working_days" IS NOT NULL
            )) AS "AVG_PROCESSING_DAYS__den",
          COUNT(*) FILTER(WHERE
            TRUE) AS "OVERDUE_OPEN__den",
          COUNT(*) FILTER(WHERE
            TRUE AND COALESCE("t31"."status" = 'open_overdue', FALSE)) AS "OVERDUE_OPEN__num"
        FROM (
          SELECT
            "t30"."number",
            "t30"."procedure_code",
            "t30"."received_at",
            "t30"."channel",
            "t30"."fee",
            "t30"."paid_online",
            "t30"."digitized_input",
            "t30"."electronic_result",
            "t30"."_end",
            "t30"."_due",
            "t30"."unit",
            "t30"."_open_until",
            "t30"."pid",
            "t30"."p_start",
            "t30"."p_end",
            "t30"."p_at",
            "t30"."in_received",
            "t30"."requests",
            "t30"."waiting",
            "t30"."status",
            "t30"."finished",
            "t30"."r_seq",
            "t30"."e_seq",
            "t30"."e_seq" - "t30"."r_seq" AS "processing_working_days"
          FROM (
            SELECT
              "t29"."number",
              "t29"."procedure_code",
              "t29"."received_at",
              "t29"."channel",
              "t29"."fee",
              "t29"."paid_online",
              "t29"."digitized_input",
              "t29"."electronic_result",
              "t29"."_end",
              "t29"."_due",
              "t29"."unit",
              "t29"."_open_until",
              "t29"."pid",
              "t29"."p_start",
              "t29"."p_end",
              "t29"."p_at",
              "t29"."in_received",
              "t29"."requests",
              "t29"."waiting",
              "t29"."status",
              "t29"."finished",
              "t9"."r_day",
              "t9"."r_seq",
              "t10"."e_day",
              "t10"."e_seq"
            FROM (
              SELECT
                "t27"."number",
                "t27"."procedure_code",
                "t27"."received_at",
                "t27"."channel",
                "t27"."fee",
                "t27"."paid_online",
                "t27"."digitized_input",
                "t27"."electronic_result",
                "t27"."_end",
                "t27"."_due",
                "t27"."unit",
                "t27"."_open_until",
                "t27"."pid",
                "t27"."p_start",
                "t27"."p_end",
                "t27"."p_at",
                "t27"."in_received",
                "t27"."requests",
                "t27"."waiting",
                CASE
                  WHEN "t27"."_due" IS NULL
                  THEN CAST(NULL AS VARCHAR)
                  WHEN (
                    "t27"."_end" IS NOT NULL
                  )
                  AND (
                    "t27"."_end" <= "t27"."p_at"
                  )
                  AND (
                    (
                      COALESCE("t27"."requests", 0) > 1
                    ) OR (
                      "t27"."_end" > "t27"."_due"
                    )
                  )
                  THEN 'late'
                  WHEN (
                    "t27"."_end" IS NOT NULL
                  )
                  AND (
                    "t27"."_end" <= "t27"."p_at"
                  )
                  AND (
                    DATE("t27"."_end") < DATE("t27"."_due")
                  )
                  THEN 'early'
                  WHEN (
                    "t27"."_end" IS NOT NULL
                  ) AND (
                    "t27"."_end" <= "t27"."p_at"
                  )
                  THEN 'on_time'
                  WHEN COALESCE("t27"."requests", 0) > 1
                  THEN 'open_overdue'
                  WHEN COALESCE("t27"."waiting", FALSE) OR (
                    "t27"."p_at" <= "t27"."_due"
                  )
                  THEN 'open_within'
                  ELSE 'open_overdue'
                END AS "status",
                (
                  "t27"."_end" IS NOT NULL
                ) AND (
                  "t27"."_end" <= "t27"."p_at"
                ) AS "finished"
              FROM (
                SELECT
                  "t26"."number",
                  "t26"."procedure_code",
                  "t26"."received_at",
                  "t26"."channel",
                  "t26"."fee",
                  "t26"."paid_online",
                  "t26"."digitized_input",
                  "t26"."electronic_result",
                  "t26"."_end",
                  "t26"."_due",
                  "t26"."unit",
                  "t26"."_open_until",
                  "t26"."pid",
                  "t26"."p_start",
                  "t26"."p_end",
                  "t26"."p_at",
                  "t26"."in_received",
                  "t23"."requests",
                  "t23"."waiting"
                FROM (
                  SELECT
                    "t24"."number",
                    "t24"."procedure_code",
                    "t24"."received_at",
                    "t24"."channel",
                    "t24"."fee",
                    "t24"."paid_online",
                    "t24"."digitized_input",
                    "t24"."electronic_result",
                    "t24"."_end",
                    "t24"."_due",
                    "t24"."unit",
                    "t24"."_open_until",
                    "t24"."pid",
                    "t24"."p_start",
                    "t24"."p_end",
                    "t24"."p_at",
                    "t24"."received_at" >= "t24"."p_start" AS "in_received"
                  FROM (
                    SELECT
                      "t21"."number",
                      "t21"."procedure_code",
                      "t21"."received_at",
                      "t21"."channel",
                      "t21"."fee",
                      "t21"."paid_online",
                      "t21"."digitized_input",
                      "t21"."electronic_result",
                      "t21"."_end",
                      "t21"."_due",
                      "t21"."unit",
                      "t21"."_open_until",
                      "t6"."pid",
                      "t6"."p_start",
                      "t6"."p_end",
                      "t6"."p_at"
                    FROM (
                      SELECT
                        "t18"."number",
                        "t18"."procedure_code",
                        "t18"."received_at",
                        "t18"."channel",
                        "t18"."fee",
                        "t18"."paid_online",
                        "t18"."digitized_input",
                        "t18"."electronic_result",
                        "t18"."_end",
                        "t18"."_due",
                        "t18"."unit",
                        "t18"."_open_until"
                      FROM (
                        SELECT
                          "t17"."number",
                          "t17"."procedure_code",
                          "t17"."receiving_unit",
                          "t17"."processing_unit",
                          "t17"."received_at",
                          "t17"."due_at",
                          "t17"."due_at_computed",
                          "t17"."finished_at",
                          "t17"."returned_at",
                          "t17"."state",
                          "t17"."state_at",
                          "t17"."channel",
                          "t17"."fee",
                          "t17"."paid_online",
                          "t17"."digitized_input",
                          "t17"."electronic_result",
                          "t17"."reused_data",
                          "t17"."personal_store_used",
                          "t17"."citizen_data_used",
                          "t17"."synced_to_portal",
                          "t17"."rating",
                          "t17"."apology_sent",
                          "t17"."supplement_count",
                          "t17"."_end",
                          "t17"."_due",
                          "t17"."unit",
                          "t17"."_open_until",
                          "t13"."_lo",
                          "t13"."_hi"
                        FROM (
                          SELECT
                            "t4"."number",
                            "t4"."procedure_code",
                            "t4"."receiving_unit",
                            "t4"."processing_unit",
                            "t4"."received_at",
                            "t4"."due_at",
                            "t4"."due_at_computed",
                            "t4"."finished_at",
                            "t4"."returned_at",
                            "t4"."state",
                            "t4"."state_at",
                            "t4"."channel",
                            "t4"."fee",
                            "t4"."paid_online",
                            "t4"."digitized_input",
                            "t4"."electronic_result",
                            "t4"."reused_data",
                            "t4"."personal_store_used",
                            "t4"."citizen_data_used",
                            "t4"."synced_to_portal",
                            "t4"."rating",
                            "t4"."apology_sent",
                            "t4"."supplement_count",
                            COALESCE(
                              "t4"."finished_at",
                              "t4"."returned_at",
                              CASE
                                WHEN "t4"."state" IN ('refused', 'stopped', 'withdrawn')
                                THEN "t4"."state_at"
                                ELSE CAST(NULL AS TIMESTAMP)
                              END
                            ) AS "_end",
                            "t4"."due_at_computed" AS "_due",
                            "t4"."processing_unit" AS "unit",
                            COALESCE(
                              COALESCE(
                                "t4"."finished_at",
                                "t4"."returned_at",
                                CASE
                                  WHEN "t4"."state" IN ('refused', 'stopped', 'withdrawn')
                                  THEN "t4"."state_at"
                                  ELSE CAST(NULL AS TIMESTAMP)
                                END
                              ),
                              CAST('9999-12-31T00:00:00' AS TIMESTAMP)
                            ) AS "_open_until"
                          FROM "dossiers" AS "t4"
                        ) AS "t17"
                        CROSS JOIN (
                          SELECT
                            MIN("t2"."p_start") AS "_lo",
                            MAX("t2"."p_end") AS "_hi"
                          FROM "chiso_periods" AS "t2"
                        ) AS "t13"
                      ) AS "t18"
                      WHERE
                        "t18"."received_at" < "t18"."_hi" AND "t18"."_open_until" >= "t18"."_lo"
                    ) AS "t21"
                    INNER JOIN "chiso_periods" AS "t6"
                      ON "t21"."received_at" < "t6"."p_end" AND "t21"."_open_until" >= "t6"."p_start"
                  ) AS "t24"
                ) AS "t26"
                LEFT OUTER JOIN (
                  SELECT
                    "t19"."number",
                    "t19"."pid",
                    COUNT(*) AS "requests",
                    BOOL_OR((
                      "t19"."end_at" IS NULL
                    ) OR (
                      "t19"."end_at" > "t19"."p_at"
                    )) AS "waiting"
                  FROM (
                    SELECT
                      "t16"."number",
                      "t16"."kind",
                      "t16"."start_at",
                      "t16"."end_at",
                      "t6"."pid",
                      "t6"."p_start",
                      "t6"."p_end",
                      "t6"."p_at"
                    FROM (
                      SELECT
                        *
                      FROM "dossier_stops" AS "t3"
                      WHERE
                        "t3"."kind" = 'supplement'
                        AND "t3"."start_at" < (
                          SELECT
                            MAX("t2"."p_end") AS "Max(p_end)"
                          FROM "chiso_periods" AS "t2"
                        )
                    ) AS "t16"
                    INNER JOIN "chiso_periods" AS "t6"
                      ON "t16"."start_at" <= "t6"."p_at"
                  ) AS "t19"
                  GROUP BY
                    1,
                    2
                ) AS "t23"
                  ON "t26"."number" = "t23"."number" AND "t26"."pid" = "t23"."pid"
              ) AS "t27"
            ) AS "t29"
            LEFT OUTER JOIN (
              SELECT
                "t1"."day" AS "r_day",
                "t1"."wd_seq" AS "r_seq"
              FROM "calendar_days" AS "t1"
            ) AS "t9"
              ON DATE("t29"."received_at") = "t9"."r_day"
            LEFT OUTER JOIN (
              SELECT
                "t1"."day" AS "e_day",
                "t1"."wd_seq" AS "e_seq"
              FROM "calendar_days" AS "t1"
            ) AS "t10"
              ON DATE("t29"."_end") = "t10"."e_day"
          ) AS "t30"
        ) AS "t31"
        GROUP BY
          1,
          2
      ) AS "t33"
      INNER JOIN "chiso_unit_tree" AS "t5"
        ON "t33"."unit" = "t5"."unit"
    ) AS "t34"
  ) AS "t35"
) AS "t36"
GROUP BY
  1,
  2;

-- source: feedback
-- result
SELECT
  "t26"."unit",
  "t26"."pid",
  SUM("t26"."PETITION_PROCESSING_ON_TIME__den") AS "PETITION_PROCESSING_ON_TIME__den",
  SUM("t26"."PETITION_PROCESSING_ON_TIME__num") AS "PETITION_PROCESSING_ON_TIME__num"
FROM (
  SELECT
    "t25"."pid",
    "t25"."PETITION_PROCESSING_ON_TIME__den",
    "t25"."PETITION_PROCESSING_ON_TIME__num",
    "t25"."ancestor" AS "unit"
  FROM (
    SELECT
      "t24"."pid",
      "t24"."PETITION_PROCESSING_ON_TIME__den",
      "t24"."PETITION_PROCESSING_ON_TIME__num",
      "t24"."ancestor"
    FROM (
      SELECT
        "t23"."unit",
        "t23"."pid",
        "t23"."PETITION_PROCESSING_ON_TIME__den",
        "t23"."PETITION_PROCESSING_ON_TIME__num",
        "t4"."ancestor"
      FROM (
        SELECT
          "t21"."unit",
          "t21"."pid",
          COUNT(*) FILTER(WHERE
            TRUE) AS "PETITION_PROCESSING_ON_TIME__den",
          COUNT(*) FILTER(WHERE
            TRUE AND COALESCE("t21"."status" IN ('on_time', 'open_within'), FALSE)) AS "PETITION_PROCESSING_ON_TIME__num"
        FROM (
          SELECT
            "t20"."id",
            "t20"."unit_code",
            "t20"."received_at",
            "t20"."transferred_at",
            "t20"."answered_at",
            "t20"."category",
            "t20"."rating",
            "t20"."repeated",
            "t20"."_open_until",
            "t20"."pid",
            "t20"."p_start",
            "t20"."p_end",
            "t20"."p_at",
            "t20"."_start",
            "t20"."s_day",
            "t20"."s_seq",
            "t20"."_due_seq",
            "t20"."due_day",
            "t20"."due_seq",
            CASE
              WHEN (
                "t20"."answered_at" IS NOT NULL
              )
              AND (
                "t20"."answered_at" <= "t20"."p_at"
              )
              AND (
                DATE("t20"."answered_at") <= "t20"."due_day"
              )
              THEN 'on_time'
              WHEN (
                "t20"."answered_at" IS NOT NULL
              )
              AND (
                "t20"."answered_at" <= "t20"."p_at"
              )
              THEN 'late'
              WHEN DATE("t20"."p_at") <= "t20"."due_day"
              THEN 'open_within'
              ELSE 'open_overdue'
            END AS "status",
            (
              "t20"."answered_at" IS NOT NULL
            )
            AND (
              "t20"."answered_at" <= "t20"."p_at"
            ) AS "answered",
            "t20"."received_at" >= "t20"."p_start" AS "in_received",
            "t20"."unit_code" AS "unit",
            '' AS "procedure_code"
          FROM (
            SELECT
              "t19"."id",
              "t19"."unit_code",
              "t19"."received_at",
              "t19"."transferred_at",
              "t19"."answered_at",
              "t19"."category",
              "t19"."rating",
              "t19"."repeated",
              "t19"."_open_until",
              "t19"."pid",
              "t19"."p_start",
              "t19"."p_end",
              "t19"."p_at",
              "t19"."_start",
              "t19"."s_day",
              "t19"."s_seq",
              "t19"."_due_seq",
              "t9"."due_day",
              "t9"."due_seq"
            FROM (
              SELECT
                "t17"."id",
                "t17"."unit_code",
                "t17"."received_at",
                "t17"."transferred_at",
                "t17"."answered_at",
                "t17"."category",
                "t17"."rating",
                "t17"."repeated",
                "t17"."_open_until",
                "t17"."pid",
                "t17"."p_start",
                "t17"."p_end",
                "t17"."p_at",
                "t17"."_start",
                "t17"."s_day",
                "t17"."s_seq",
                "t17"."s_seq" + 15 AS "_due_seq"
              FROM (
                SELECT
                  "t16"."id",
                  "t16"."unit_code",
                  "t16"."received_at",
                  "t16"."transferred_at",
                  "t16"."answered_at",
                  "t16"."category",
                  "t16"."rating",
                  "t16"."repeated",
                  "t16"."_open_until",
                  "t16"."pid",
                  "t16"."p_start",
                  "t16"."p_end",
                  "t16"."p_at",
                  "t16"."_start",
                  "t8"."s_day",
                  "t8"."s_seq"
                FROM (
                  SELECT
                    "t14"."id",
                    "t14"."unit_code",
                    "t14"."received_at",
                    "t14"."transferred_at",
                    "t14"."answered_at",
                    "t14"."category",
                    "t14"."rating",
                    "t14"."repeated",
                    "t14"."_open_until",
                    "t14"."pid",
                    "t14"."p_start",
                    "t14"."p_end",
                    "t14"."p_at",
                    DATE(COALESCE("t14"."transferred_at", "t14"."received_at")) AS "_start"
                  FROM (
                    SELECT
                      "t13"."id",
                      "t13"."unit_code",
                      "t13"."received_at",
                      "t13"."transferred_at",
                      "t13"."answered_at",
                      "t13"."category",
                      "t13"."rating",
                      "t13"."repeated",
                      "t13"."_open_until",
                      "t5"."pid",
                      "t5"."p_start",
                      "t5"."p_end",
                      "t5"."p_at"
                    FROM (
                      SELECT
                        "t2"."id",
                        "t2"."unit_code",
                        "t2"."received_at",
                        "t2"."transferred_at",
                        "t2"."answered_at",
                        "t2"."category",
                        "t2"."rating",
                        "t2"."repeated",
                        COALESCE("t2"."answered_at", CAST('9999-12-31T00:00:00' AS TIMESTAMP)) AS "_open_until"
                      FROM "feedback" AS "t2"
                      WHERE
                        "t2"."received_at" < (
                          SELECT
                            MAX("t3"."p_end") AS "Max(p_end)"
                          FROM "chiso_periods" AS "t3"
                        )
                        AND COALESCE("t2"."answered_at", CAST('9999-12-31T00:00:00' AS TIMESTAMP)) >= (
                          SELECT
                            MIN("t3"."p_start") AS "Min(p_start)"
                          FROM "chiso_periods" AS "t3"
                        )
                    ) AS "t13"
                    INNER JOIN "chiso_periods" AS "t5"
                      ON "t13"."received_at" < "t5"."p_end" AND "t13"."_open_until" >= "t5"."p_start"
                  ) AS "t14"
                ) AS "t16"
                LEFT OUTER JOIN (
                  SELECT
                    "t1"."day" AS "s_day",
                    "t1"."wd_seq" AS "s_seq"
                  FROM "calendar_days" AS "t1"
                ) AS "t8"
                  ON "t16"."_start" = "t8"."s_day"
              ) AS "t17"
            ) AS "t19"
            LEFT OUTER JOIN (
              SELECT
                "t1"."day" AS "due_day",
                "t1"."wd_seq" AS "due_seq"
              FROM "calendar_days" AS "t1"
              WHERE
                "t1"."is_workday"
            ) AS "t9"
              ON "t19"."_due_seq" = "t9"."due_seq"
          ) AS "t20"
        ) AS "t21"
        GROUP BY
          1,
          2
      ) AS "t23"
      INNER JOIN "chiso_unit_tree" AS "t4"
        ON "t23"."unit" = "t4"."unit"
    ) AS "t24"
  ) AS "t25"
) AS "t26"
GROUP BY
  1,
  2;
