-- source: dossiers
-- stage chiso_stage_dossiers: kept as a temporary table
SELECT
  "t26"."unit",
  "t26"."pid",
  "t26"."procedure_code",
  COUNT(*) FILTER(WHERE
    TRUE AND "t26"."in_received") AS "DOSSIER_SYNC__den",
  COUNT(*) FILTER(WHERE
    TRUE AND "t26"."in_received" AND COALESCE("t26"."synced_to_portal", FALSE)) AS "DOSSIER_SYNC__num",
  COUNT(*) FILTER(WHERE
    TRUE) AS "ON_TIME__den",
  COUNT(*) FILTER(WHERE
    TRUE AND COALESCE("t26"."status" IN ('early', 'on_time', 'open_within'), FALSE)) AS "ON_TIME__num",
  BOOL_OR(TRUE AND "t26"."in_received") AS "ONLINE_PROCEDURES_OFFERED__pden",
  BOOL_OR(
    TRUE
    AND "t26"."in_received"
    AND COALESCE("t26"."procedure_online_level" IN ('partial', 'full'), FALSE)
  ) AS "ONLINE_PROCEDURES_OFFERED__pnum",
  COUNT(*) FILTER(WHERE
    TRUE AND "t26"."in_received") AS "ONLINE_RATE__den",
  COUNT(*) FILTER(WHERE
    TRUE AND "t26"."in_received" AND COALESCE("t26"."channel" = 'online', FALSE)) AS "ONLINE_RATE__num",
  COUNT(*) FILTER(WHERE
    COALESCE("t26"."fee", FALSE) AND "t26"."in_received") AS "PAYMENT_DOSSIER_ONLINE__den",
  COUNT(*) FILTER(WHERE
    COALESCE("t26"."fee", FALSE)
    AND "t26"."in_received"
    AND COALESCE("t26"."paid_online", FALSE)) AS "PAYMENT_DOSSIER_ONLINE__num",
  BOOL_OR(COALESCE("t26"."procedure_fee", FALSE) AND "t26"."in_received") AS "PAYMENT_TTHC_WITH_TRANSACTION__pden",
  BOOL_OR(
    COALESCE("t26"."procedure_fee", FALSE)
    AND "t26"."in_received"
    AND COALESCE("t26"."paid_online", FALSE)
  ) AS "PAYMENT_TTHC_WITH_TRANSACTION__pnum",
  BOOL_OR(TRUE AND "t26"."in_received") AS "PAYMENT_TTHC_FEE_WITH_DOSSIER__pden",
  BOOL_OR(TRUE AND "t26"."in_received" AND COALESCE("t26"."procedure_fee", FALSE)) AS "PAYMENT_TTHC_FEE_WITH_DOSSIER__pnum",
  COUNT(*) FILTER(WHERE
    TRUE) AS "ORIGINAL_RESULT_AVAILABLE__den",
  COUNT(*) FILTER(WHERE
    TRUE AND COALESCE("t26"."electronic_result", FALSE)) AS "ORIGINAL_RESULT_AVAILABLE__num",
  COUNT(*) FILTER(WHERE
    TRUE) AS "SO_HOA_GIAY_TO_GIAI_QUYET__den",
  COUNT(*) FILTER(WHERE
    TRUE
    AND (
      COALESCE("t26"."digitized_input", FALSE)
      AND COALESCE("t26"."electronic_result", FALSE)
    )) AS "SO_HOA_GIAY_TO_GIAI_QUYET__num",
  COUNT(*) FILTER(WHERE
    TRUE) AS "REUSED_DIGITIZED_DATA__den",
  COUNT(*) FILTER(WHERE
    TRUE AND COALESCE("t26"."reused_data", FALSE)) AS "REUSED_DIGITIZED_DATA__num",
  COUNT(*) FILTER(WHERE
    TRUE) AS "SYNCED_WITH_DVCQG_PERSONAL_STORAGE__den",
  COUNT(*) FILTER(WHERE
    TRUE AND COALESCE("t26"."personal_store_used", FALSE)) AS "SYNCED_WITH_DVCQG_PERSONAL_STORAGE__num",
  COUNT(*) FILTER(WHERE
    TRUE) AS "CITIZEN_DATA_CONNECTED_DOSSIER__den",
  COUNT(*) FILTER(WHERE
    TRUE AND COALESCE("t26"."citizen_data_used", FALSE)) AS "CITIZEN_DATA_CONNECTED_DOSSIER__num",
  COUNT(*) FILTER(WHERE
    TRUE) AS "DOSSIER_RECEIVING_SATISFACTION__den",
  COUNT(*) FILTER(WHERE
    TRUE AND TRUE) AS "DOSSIER_RECEIVING_SATISFACTION__num",
  COUNT(*) FILTER(WHERE
    TRUE AND COALESCE("t26"."status" IN ('late', 'open_overdue'), FALSE)) AS "DOSSIER_RECEIVING_SATISFACTION__sub0",
  COUNT(*) FILTER(WHERE
    TRUE AND COALESCE("t26"."rating" IN ('disliked', 'complaint'), FALSE)) AS "DOSSIER_RECEIVING_SATISFACTION__sub1"
FROM (
  SELECT
    "t25"."number",
    "t25"."procedure_code",
    "t25"."received_at",
    "t25"."channel",
    "t25"."fee",
    "t25"."paid_online",
    "t25"."digitized_input",
    "t25"."electronic_result",
    "t25"."reused_data",
    "t25"."personal_store_used",
    "t25"."citizen_data_used",
    "t25"."synced_to_portal",
    "t25"."rating",
    "t25"."procedure_fee",
    "t25"."procedure_online_level",
    "t25"."_end",
    "t25"."_due",
    "t25"."unit",
    "t25"."_open_until",
    "t25"."pid",
    "t25"."p_start",
    "t25"."p_end",
    "t25"."p_at",
    "t25"."in_received",
    "t25"."requests",
    "t25"."waiting",
    CASE
      WHEN "t25"."_due" IS NULL
      THEN CAST(NULL AS VARCHAR)
      WHEN (
        "t25"."_end" IS NOT NULL
      )
      AND (
        "t25"."_end" <= "t25"."p_at"
      )
      AND (
        (
          COALESCE("t25"."requests", 0) > 1
        ) OR (
          "t25"."_end" > "t25"."_due"
        )
      )
      THEN 'late'
      WHEN (
        "t25"."_end" IS NOT NULL
      )
      AND (
        "t25"."_end" <= "t25"."p_at"
      )
      AND (
        DATE("t25"."_end") < DATE("t25"."_due")
      )
      THEN 'early'
      WHEN (
        "t25"."_end" IS NOT NULL
      ) AND (
        "t25"."_end" <= "t25"."p_at"
      )
      THEN 'on_time'
      WHEN COALESCE("t25"."requests", 0) > 1
      THEN 'open_overdue'
      WHEN COALESCE("t25"."waiting", FALSE) OR (
        "t25"."p_at" <= "t25"."_due"
      )
      THEN 'open_within'
      ELSE 'open_overdue'
    END AS "status",
    (
      "t25"."_end" IS NOT NULL
    ) AND (
      "t25"."_end" <= "t25"."p_at"
    ) AS "finished"
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
      "t24"."reused_data",
      "t24"."personal_store_used",
      "t24"."citizen_data_used",
      "t24"."synced_to_portal",
      "t24"."rating",
      "t24"."procedure_fee",
      "t24"."procedure_online_level",
      "t24"."_end",
      "t24"."_due",
      "t24"."unit",
      "t24"."_open_until",
      "t24"."pid",
      "t24"."p_start",
      "t24"."p_end",
      "t24"."p_at",
      "t24"."in_received",
      "t19"."requests",
      "t19"."waiting"
    FROM (
      SELECT
        "t22"."number",
        "t22"."procedure_code",
        "t22"."received_at",
        "t22"."channel",
        "t22"."fee",
        "t22"."paid_online",
        "t22"."digitized_input",
        "t22"."electronic_result",
        "t22"."reused_data",
        "t22"."personal_store_used",
        "t22"."citizen_data_used",
        "t22"."synced_to_portal",
        "t22"."rating",
        "t22"."procedure_fee",
        "t22"."procedure_online_level",
        "t22"."_end",
        "t22"."_due",
        "t22"."unit",
        "t22"."_open_until",
        "t22"."pid",
        "t22"."p_start",
        "t22"."p_end",
        "t22"."p_at",
        "t22"."received_at" >= "t22"."p_start" AS "in_received"
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
          "t21"."reused_data",
          "t21"."personal_store_used",
          "t21"."citizen_data_used",
          "t21"."synced_to_portal",
          "t21"."rating",
          "t21"."procedure_fee",
          "t21"."procedure_online_level",
          "t21"."_end",
          "t21"."_due",
          "t21"."unit",
          "t21"."_open_until",
          "t4"."pid",
          "t4"."p_start",
          "t4"."p_end",
          "t4"."p_at"
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
            "t18"."reused_data",
            "t18"."personal_store_used",
            "t18"."citizen_data_used",
            "t18"."synced_to_portal",
            "t18"."rating",
            "t18"."procedure_fee",
            "t18"."procedure_online_level",
            "t18"."_end",
            "t18"."_due",
            "t18"."unit",
            "t18"."_open_until"
          FROM (
            SELECT
              "t16"."number",
              "t16"."procedure_code",
              "t16"."receiving_unit",
              "t16"."processing_unit",
              "t16"."received_at",
              "t16"."due_at",
              "t16"."due_at_computed",
              "t16"."finished_at",
              "t16"."returned_at",
              "t16"."state",
              "t16"."state_at",
              "t16"."channel",
              "t16"."fee",
              "t16"."paid_online",
              "t16"."digitized_input",
              "t16"."electronic_result",
              "t16"."reused_data",
              "t16"."personal_store_used",
              "t16"."citizen_data_used",
              "t16"."synced_to_portal",
              "t16"."rating",
              "t16"."apology_sent",
              "t16"."supplement_count",
              "t16"."procedure_fee",
              "t16"."procedure_paper_result",
              "t16"."procedure_online_level",
              "t16"."procedure_applies_to_persons",
              "t16"."sector",
              "t16"."_end",
              "t16"."_due",
              "t16"."unit",
              "t16"."_open_until",
              "t10"."_lo",
              "t10"."_hi"
            FROM (
              SELECT
                "t13"."number",
                "t13"."procedure_code",
                "t13"."receiving_unit",
                "t13"."processing_unit",
                "t13"."received_at",
                "t13"."due_at",
                "t13"."due_at_computed",
                "t13"."finished_at",
                "t13"."returned_at",
                "t13"."state",
                "t13"."state_at",
                "t13"."channel",
                "t13"."fee",
                "t13"."paid_online",
                "t13"."digitized_input",
                "t13"."electronic_result",
                "t13"."reused_data",
                "t13"."personal_store_used",
                "t13"."citizen_data_used",
                "t13"."synced_to_portal",
                "t13"."rating",
                "t13"."apology_sent",
                "t13"."supplement_count",
                "t13"."procedure_fee",
                "t13"."procedure_paper_result",
                "t13"."procedure_online_level",
                "t13"."procedure_applies_to_persons",
                "t13"."sector",
                COALESCE(
                  "t13"."finished_at",
                  "t13"."returned_at",
                  CASE
                    WHEN "t13"."state" IN ('refused', 'stopped', 'withdrawn')
                    THEN "t13"."state_at"
                    ELSE CAST(NULL AS TIMESTAMP)
                  END
                ) AS "_end",
                "t13"."due_at_computed" AS "_due",
                "t13"."processing_unit" AS "unit",
                COALESCE(
                  COALESCE(
                    "t13"."finished_at",
                    "t13"."returned_at",
                    CASE
                      WHEN "t13"."state" IN ('refused', 'stopped', 'withdrawn')
                      THEN "t13"."state_at"
                      ELSE CAST(NULL AS TIMESTAMP)
                    END
                  ),
                  CAST('9999-12-31T00:00:00' AS TIMESTAMP)
                ) AS "_open_until"
              FROM (
                SELECT
                  "t5"."number",
                  "t5"."procedure_code",
                  "t5"."receiving_unit",
                  "t5"."processing_unit",
                  "t5"."received_at",
                  "t5"."due_at",
                  "t5"."due_at_computed",
                  "t5"."finished_at",
                  "t5"."returned_at",
                  "t5"."state",
                  "t5"."state_at",
                  "t5"."channel",
                  "t5"."fee",
                  "t5"."paid_online",
                  "t5"."digitized_input",
                  "t5"."electronic_result",
                  "t5"."reused_data",
                  "t5"."personal_store_used",
                  "t5"."citizen_data_used",
                  "t5"."synced_to_portal",
                  "t5"."rating",
                  "t5"."apology_sent",
                  "t5"."supplement_count",
                  "t9"."procedure_fee",
                  "t9"."procedure_paper_result",
                  "t9"."procedure_online_level",
                  "t9"."procedure_applies_to_persons",
                  "t9"."sector"
                FROM "dossiers" AS "t5"
                INNER JOIN (
                  SELECT
                    "t3"."code",
                    "t3"."fee" AS "procedure_fee",
                    "t3"."paper_result" AS "procedure_paper_result",
                    "t3"."online_level" AS "procedure_online_level",
                    "t3"."applies_to_persons" AS "procedure_applies_to_persons",
                    "t3"."sector"
                  FROM "procedures" AS "t3"
                ) AS "t9"
                  ON "t5"."procedure_code" = "t9"."code"
              ) AS "t13"
            ) AS "t16"
            CROSS JOIN (
              SELECT
                MIN("t0"."p_start") AS "_lo",
                MAX("t0"."p_end") AS "_hi"
              FROM "chiso_periods" AS "t0"
            ) AS "t10"
          ) AS "t18"
          WHERE
            "t18"."received_at" < "t18"."_hi" AND "t18"."_open_until" >= "t18"."_lo"
        ) AS "t21"
        INNER JOIN "chiso_periods" AS "t4"
          ON "t21"."received_at" < "t4"."p_end" AND "t21"."_open_until" >= "t4"."p_start"
      ) AS "t22"
    ) AS "t24"
    LEFT OUTER JOIN (
      SELECT
        "t14"."number",
        "t14"."pid",
        COUNT(*) AS "requests",
        BOOL_OR((
          "t14"."end_at" IS NULL
        ) OR (
          "t14"."end_at" > "t14"."p_at"
        )) AS "waiting"
      FROM (
        SELECT
          "t12"."number",
          "t12"."kind",
          "t12"."start_at",
          "t12"."end_at",
          "t4"."pid",
          "t4"."p_start",
          "t4"."p_end",
          "t4"."p_at"
        FROM (
          SELECT
            *
          FROM "dossier_stops" AS "t1"
          WHERE
            "t1"."kind" = 'supplement'
            AND "t1"."start_at" < (
              SELECT
                MAX("t0"."p_end") AS "Max(p_end)"
              FROM "chiso_periods" AS "t0"
            )
        ) AS "t12"
        INNER JOIN "chiso_periods" AS "t4"
          ON "t12"."start_at" <= "t4"."p_at"
      ) AS "t14"
      GROUP BY
        1,
        2
    ) AS "t19"
      ON "t24"."number" = "t19"."number" AND "t24"."pid" = "t19"."pid"
  ) AS "t25"
) AS "t26"
GROUP BY
  1,
  2,
  3;

-- result
SELECT
  "t15"."unit",
  "t15"."pid",
  "t15"."DOSSIER_SYNC__den",
  "t15"."DOSSIER_SYNC__num",
  "t15"."ON_TIME__den",
  "t15"."ON_TIME__num",
  "t15"."ONLINE_RATE__den",
  "t15"."ONLINE_RATE__num",
  "t15"."PAYMENT_DOSSIER_ONLINE__den",
  "t15"."PAYMENT_DOSSIER_ONLINE__num",
  "t15"."ORIGINAL_RESULT_AVAILABLE__den",
  "t15"."ORIGINAL_RESULT_AVAILABLE__num",
  "t15"."SO_HOA_GIAY_TO_GIAI_QUYET__den",
  "t15"."SO_HOA_GIAY_TO_GIAI_QUYET__num",
  "t15"."REUSED_DIGITIZED_DATA__den",
  "t15"."REUSED_DIGITIZED_DATA__num",
  "t15"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__den",
  "t15"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__num",
  "t15"."CITIZEN_DATA_CONNECTED_DOSSIER__den",
  "t15"."CITIZEN_DATA_CONNECTED_DOSSIER__num",
  "t15"."DOSSIER_RECEIVING_SATISFACTION__den",
  "t15"."DOSSIER_RECEIVING_SATISFACTION__num",
  "t15"."DOSSIER_RECEIVING_SATISFACTION__sub0",
  "t15"."DOSSIER_RECEIVING_SATISFACTION__sub1",
  "t17"."ONLINE_PROCEDURES_OFFERED__den",
  "t17"."ONLINE_PROCEDURES_OFFERED__num",
  "t17"."PAYMENT_TTHC_WITH_TRANSACTION__den",
  "t17"."PAYMENT_TTHC_WITH_TRANSACTION__num",
  "t17"."PAYMENT_TTHC_FEE_WITH_DOSSIER__den",
  "t17"."PAYMENT_TTHC_FEE_WITH_DOSSIER__num"
FROM (
  SELECT
    "t12"."unit",
    "t12"."pid",
    SUM("t12"."DOSSIER_SYNC__den") AS "DOSSIER_SYNC__den",
    SUM("t12"."DOSSIER_SYNC__num") AS "DOSSIER_SYNC__num",
    SUM("t12"."ON_TIME__den") AS "ON_TIME__den",
    SUM("t12"."ON_TIME__num") AS "ON_TIME__num",
    SUM("t12"."ONLINE_RATE__den") AS "ONLINE_RATE__den",
    SUM("t12"."ONLINE_RATE__num") AS "ONLINE_RATE__num",
    SUM("t12"."PAYMENT_DOSSIER_ONLINE__den") AS "PAYMENT_DOSSIER_ONLINE__den",
    SUM("t12"."PAYMENT_DOSSIER_ONLINE__num") AS "PAYMENT_DOSSIER_ONLINE__num",
    SUM("t12"."ORIGINAL_RESULT_AVAILABLE__den") AS "ORIGINAL_RESULT_AVAILABLE__den",
    SUM("t12"."ORIGINAL_RESULT_AVAILABLE__num") AS "ORIGINAL_RESULT_AVAILABLE__num",
    SUM("t12"."SO_HOA_GIAY_TO_GIAI_QUYET__den") AS "SO_HOA_GIAY_TO_GIAI_QUYET__den",
    SUM("t12"."SO_HOA_GIAY_TO_GIAI_QUYET__num") AS "SO_HOA_GIAY_TO_GIAI_QUYET__num",
    SUM("t12"."REUSED_DIGITIZED_DATA__den") AS "REUSED_DIGITIZED_DATA__den",
    SUM("t12"."REUSED_DIGITIZED_DATA__num") AS "REUSED_DIGITIZED_DATA__num",
    SUM("t12"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__den") AS "SYNCED_WITH_DVCQG_PERSONAL_STORAGE__den",
    SUM("t12"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__num") AS "SYNCED_WITH_DVCQG_PERSONAL_STORAGE__num",
    SUM("t12"."CITIZEN_DATA_CONNECTED_DOSSIER__den") AS "CITIZEN_DATA_CONNECTED_DOSSIER__den",
    SUM("t12"."CITIZEN_DATA_CONNECTED_DOSSIER__num") AS "CITIZEN_DATA_CONNECTED_DOSSIER__num",
    SUM("t12"."DOSSIER_RECEIVING_SATISFACTION__den") AS "DOSSIER_RECEIVING_SATISFACTION__den",
    SUM("t12"."DOSSIER_RECEIVING_SATISFACTION__num") AS "DOSSIER_RECEIVING_SATISFACTION__num",
    SUM("t12"."DOSSIER_RECEIVING_SATISFACTION__sub0") AS "DOSSIER_RECEIVING_SATISFACTION__sub0",
    SUM("t12"."DOSSIER_RECEIVING_SATISFACTION__sub1") AS "DOSSIER_RECEIVING_SATISFACTION__sub1"
  FROM (
    SELECT
      "t10"."pid",
      "t10"."DOSSIER_SYNC__den",
      "t10"."DOSSIER_SYNC__num",
      "t10"."ON_TIME__den",
      "t10"."ON_TIME__num",
      "t10"."ONLINE_RATE__den",
      "t10"."ONLINE_RATE__num",
      "t10"."PAYMENT_DOSSIER_ONLINE__den",
      "t10"."PAYMENT_DOSSIER_ONLINE__num",
      "t10"."ORIGINAL_RESULT_AVAILABLE__den",
      "t10"."ORIGINAL_RESULT_AVAILABLE__num",
      "t10"."SO_HOA_GIAY_TO_GIAI_QUYET__den",
      "t10"."SO_HOA_GIAY_TO_GIAI_QUYET__num",
      "t10"."REUSED_DIGITIZED_DATA__den",
      "t10"."REUSED_DIGITIZED_DATA__num",
      "t10"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__den",
      "t10"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__num",
      "t10"."CITIZEN_DATA_CONNECTED_DOSSIER__den",
      "t10"."CITIZEN_DATA_CONNECTED_DOSSIER__num",
      "t10"."DOSSIER_RECEIVING_SATISFACTION__den",
      "t10"."DOSSIER_RECEIVING_SATISFACTION__num",
      "t10"."DOSSIER_RECEIVING_SATISFACTION__sub0",
      "t10"."DOSSIER_RECEIVING_SATISFACTION__sub1",
      "t10"."ancestor" AS "unit"
    FROM (
      SELECT
        "t8"."pid",
        "t8"."DOSSIER_SYNC__den",
        "t8"."DOSSIER_SYNC__num",
        "t8"."ON_TIME__den",
        "t8"."ON_TIME__num",
        "t8"."ONLINE_RATE__den",
        "t8"."ONLINE_RATE__num",
        "t8"."PAYMENT_DOSSIER_ONLINE__den",
        "t8"."PAYMENT_DOSSIER_ONLINE__num",
        "t8"."ORIGINAL_RESULT_AVAILABLE__den",
        "t8"."ORIGINAL_RESULT_AVAILABLE__num",
        "t8"."SO_HOA_GIAY_TO_GIAI_QUYET__den",
        "t8"."SO_HOA_GIAY_TO_GIAI_QUYET__num",
        "t8"."REUSED_DIGITIZED_DATA__den",
        "t8"."REUSED_DIGITIZED_DATA__num",
        "t8"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__den",
        "t8"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__num",
        "t8"."CITIZEN_DATA_CONNECTED_DOSSIER__den",
        "t8"."CITIZEN_DATA_CONNECTED_DOSSIER__num",
        "t8"."DOSSIER_RECEIVING_SATISFACTION__den",
        "t8"."DOSSIER_RECEIVING_SATISFACTION__num",
        "t8"."DOSSIER_RECEIVING_SATISFACTION__sub0",
        "t8"."DOSSIER_RECEIVING_SATISFACTION__sub1",
        "t8"."ancestor"
      FROM (
        SELECT
          "t6"."unit",
          "t6"."pid",
          "t6"."DOSSIER_SYNC__den",
          "t6"."DOSSIER_SYNC__num",
          "t6"."ON_TIME__den",
          "t6"."ON_TIME__num",
          "t6"."ONLINE_RATE__den",
          "t6"."ONLINE_RATE__num",
          "t6"."PAYMENT_DOSSIER_ONLINE__den",
          "t6"."PAYMENT_DOSSIER_ONLINE__num",
          "t6"."ORIGINAL_RESULT_AVAILABLE__den",
          "t6"."ORIGINAL_RESULT_AVAILABLE__num",
          "t6"."SO_HOA_GIAY_TO_GIAI_QUYET__den",
          "t6"."SO_HOA_GIAY_TO_GIAI_QUYET__num",
          "t6"."REUSED_DIGITIZED_DATA__den",
          "t6"."REUSED_DIGITIZED_DATA__num",
          "t6"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__den",
          "t6"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__num",
          "t6"."CITIZEN_DATA_CONNECTED_DOSSIER__den",
          "t6"."CITIZEN_DATA_CONNECTED_DOSSIER__num",
          "t6"."DOSSIER_RECEIVING_SATISFACTION__den",
          "t6"."DOSSIER_RECEIVING_SATISFACTION__num",
          "t6"."DOSSIER_RECEIVING_SATISFACTION__sub0",
          "t6"."DOSSIER_RECEIVING_SATISFACTION__sub1",
          "t2"."ancestor"
        FROM (
          SELECT
            "t0"."unit",
            "t0"."pid",
            SUM("t0"."DOSSIER_SYNC__den") AS "DOSSIER_SYNC__den",
            SUM("t0"."DOSSIER_SYNC__num") AS "DOSSIER_SYNC__num",
            SUM("t0"."ON_TIME__den") AS "ON_TIME__den",
            SUM("t0"."ON_TIME__num") AS "ON_TIME__num",
            SUM("t0"."ONLINE_RATE__den") AS "ONLINE_RATE__den",
            SUM("t0"."ONLINE_RATE__num") AS "ONLINE_RATE__num",
            SUM("t0"."PAYMENT_DOSSIER_ONLINE__den") AS "PAYMENT_DOSSIER_ONLINE__den",
            SUM("t0"."PAYMENT_DOSSIER_ONLINE__num") AS "PAYMENT_DOSSIER_ONLINE__num",
            SUM("t0"."ORIGINAL_RESULT_AVAILABLE__den") AS "ORIGINAL_RESULT_AVAILABLE__den",
            SUM("t0"."ORIGINAL_RESULT_AVAILABLE__num") AS "ORIGINAL_RESULT_AVAILABLE__num",
            SUM("t0"."SO_HOA_GIAY_TO_GIAI_QUYET__den") AS "SO_HOA_GIAY_TO_GIAI_QUYET__den",
            SUM("t0"."SO_HOA_GIAY_TO_GIAI_QUYET__num") AS "SO_HOA_GIAY_TO_GIAI_QUYET__num",
            SUM("t0"."REUSED_DIGITIZED_DATA__den") AS "REUSED_DIGITIZED_DATA__den",
            SUM("t0"."REUSED_DIGITIZED_DATA__num") AS "REUSED_DIGITIZED_DATA__num",
            SUM("t0"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__den") AS "SYNCED_WITH_DVCQG_PERSONAL_STORAGE__den",
            SUM("t0"."SYNCED_WITH_DVCQG_PERSONAL_STORAGE__num") AS "SYNCED_WITH_DVCQG_PERSONAL_STORAGE__num",
            SUM("t0"."CITIZEN_DATA_CONNECTED_DOSSIER__den") AS "CITIZEN_DATA_CONNECTED_DOSSIER__den",
            SUM("t0"."CITIZEN_DATA_CONNECTED_DOSSIER__num") AS "CITIZEN_DATA_CONNECTED_DOSSIER__num",
            SUM("t0"."DOSSIER_RECEIVING_SATISFACTION__den") AS "DOSSIER_RECEIVING_SATISFACTION__den",
            SUM("t0"."DOSSIER_RECEIVING_SATISFACTION__num") AS "DOSSIER_RECEIVING_SATISFACTION__num",
            SUM("t0"."DOSSIER_RECEIVING_SATISFACTION__sub0") AS "DOSSIER_RECEIVING_SATISFACTION__sub0",
            SUM("t0"."DOSSIER_RECEIVING_SATISFACTION__sub1") AS "DOSSIER_RECEIVING_SATISFACTION__sub1"
          FROM "chiso_stage_dossiers" AS "t0"
          GROUP BY
            1,
            2
        ) AS "t6"
        INNER JOIN "chiso_unit_tree" AS "t2"
          ON "t6"."unit" = "t2"."unit"
      ) AS "t8"
    ) AS "t10"
  ) AS "t12"
  GROUP BY
    1,
    2
) AS "t15"
INNER JOIN (
  SELECT
    "t13"."unit",
    "t13"."pid",
    COUNT(*) FILTER(WHERE
      "t13"."ONLINE_PROCEDURES_OFFERED__pden") AS "ONLINE_PROCEDURES_OFFERED__den",
    COUNT(*) FILTER(WHERE
      "t13"."ONLINE_PROCEDURES_OFFERED__pden"
      AND "t13"."ONLINE_PROCEDURES_OFFERED__pnum") AS "ONLINE_PROCEDURES_OFFERED__num",
    COUNT(*) FILTER(WHERE
      "t13"."PAYMENT_TTHC_WITH_TRANSACTION__pden") AS "PAYMENT_TTHC_WITH_TRANSACTION__den",
    COUNT(*) FILTER(WHERE
      "t13"."PAYMENT_TTHC_WITH_TRANSACTION__pden"
      AND "t13"."PAYMENT_TTHC_WITH_TRANSACTION__pnum") AS "PAYMENT_TTHC_WITH_TRANSACTION__num",
    COUNT(*) FILTER(WHERE
      "t13"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pden") AS "PAYMENT_TTHC_FEE_WITH_DOSSIER__den",
    COUNT(*) FILTER(WHERE
      "t13"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pden"
      AND "t13"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pnum") AS "PAYMENT_TTHC_FEE_WITH_DOSSIER__num"
  FROM (
    SELECT
      "t11"."unit",
      "t11"."pid",
      "t11"."procedure_code",
      BOOL_OR("t11"."ONLINE_PROCEDURES_OFFERED__pden") AS "ONLINE_PROCEDURES_OFFERED__pden",
      BOOL_OR("t11"."ONLINE_PROCEDURES_OFFERED__pnum") AS "ONLINE_PROCEDURES_OFFERED__pnum",
      BOOL_OR("t11"."PAYMENT_TTHC_WITH_TRANSACTION__pden") AS "PAYMENT_TTHC_WITH_TRANSACTION__pden",
      BOOL_OR("t11"."PAYMENT_TTHC_WITH_TRANSACTION__pnum") AS "PAYMENT_TTHC_WITH_TRANSACTION__pnum",
      BOOL_OR("t11"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pden") AS "PAYMENT_TTHC_FEE_WITH_DOSSIER__pden",
      BOOL_OR("t11"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pnum") AS "PAYMENT_TTHC_FEE_WITH_DOSSIER__pnum"
    FROM (
      SELECT
        "t9"."pid",
        "t9"."procedure_code",
        "t9"."ONLINE_PROCEDURES_OFFERED__pden",
        "t9"."ONLINE_PROCEDURES_OFFERED__pnum",
        "t9"."PAYMENT_TTHC_WITH_TRANSACTION__pden",
        "t9"."PAYMENT_TTHC_WITH_TRANSACTION__pnum",
        "t9"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pden",
        "t9"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pnum",
        "t9"."ancestor" AS "unit"
      FROM (
        SELECT
          "t7"."pid",
          "t7"."procedure_code",
          "t7"."ONLINE_PROCEDURES_OFFERED__pden",
          "t7"."ONLINE_PROCEDURES_OFFERED__pnum",
          "t7"."PAYMENT_TTHC_WITH_TRANSACTION__pden",
          "t7"."PAYMENT_TTHC_WITH_TRANSACTION__pnum",
          "t7"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pden",
          "t7"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pnum",
          "t7"."ancestor"
        FROM (
          SELECT
            "t5"."unit",
            "t5"."pid",
            "t5"."procedure_code",
            "t5"."ONLINE_PROCEDURES_OFFERED__pden",
            "t5"."ONLINE_PROCEDURES_OFFERED__pnum",
            "t5"."PAYMENT_TTHC_WITH_TRANSACTION__pden",
            "t5"."PAYMENT_TTHC_WITH_TRANSACTION__pnum",
            "t5"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pden",
            "t5"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pnum",
            "t2"."ancestor"
          FROM (
            SELECT
              "t0"."unit",
              "t0"."pid",
              "t0"."procedure_code",
              "t0"."ONLINE_PROCEDURES_OFFERED__pden",
              "t0"."ONLINE_PROCEDURES_OFFERED__pnum",
              "t0"."PAYMENT_TTHC_WITH_TRANSACTION__pden",
              "t0"."PAYMENT_TTHC_WITH_TRANSACTION__pnum",
              "t0"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pden",
              "t0"."PAYMENT_TTHC_FEE_WITH_DOSSIER__pnum"
            FROM "chiso_stage_dossiers" AS "t0"
          ) AS "t5"
          INNER JOIN "chiso_unit_tree" AS "t2"
            ON "t5"."unit" = "t2"."unit"
        ) AS "t7"
      ) AS "t9"
    ) AS "t11"
    GROUP BY
      1,
      2,
      3
  ) AS "t13"
  GROUP BY
    1,
    2
) AS "t17"
  ON "t15"."unit" = "t17"."unit" AND "t15"."pid" = "t17"."pid";

-- source: feedback
-- result
SELECT
  "t26"."unit",
  "t26"."pid",
  SUM("t26"."PETITION_PROCESSING_ON_TIME__den") AS "PETITION_PROCESSING_ON_TIME__den",
  SUM("t26"."PETITION_PROCESSING_ON_TIME__num") AS "PETITION_PROCESSING_ON_TIME__num",
  SUM("t26"."PETITION_HANDLING_SATISFACTION__den") AS "PETITION_HANDLING_SATISFACTION__den",
  SUM("t26"."PETITION_HANDLING_SATISFACTION__num") AS "PETITION_HANDLING_SATISFACTION__num"
FROM (
  SELECT
    "t25"."pid",
    "t25"."PETITION_PROCESSING_ON_TIME__den",
    "t25"."PETITION_PROCESSING_ON_TIME__num",
    "t25"."PETITION_HANDLING_SATISFACTION__den",
    "t25"."PETITION_HANDLING_SATISFACTION__num",
    "t25"."ancestor" AS "unit"
  FROM (
    SELECT
      "t24"."pid",
      "t24"."PETITION_PROCESSING_ON_TIME__den",
      "t24"."PETITION_PROCESSING_ON_TIME__num",
      "t24"."PETITION_HANDLING_SATISFACTION__den",
      "t24"."PETITION_HANDLING_SATISFACTION__num",
      "t24"."ancestor"
    FROM (
      SELECT
        "t23"."unit",
        "t23"."pid",
        "t23"."PETITION_PROCESSING_ON_TIME__den",
        "t23"."PETITION_PROCESSING_ON_TIME__num",
        "t23"."PETITION_HANDLING_SATISFACTION__den",
        "t23"."PETITION_HANDLING_SATISFACTION__num",
        "t4"."ancestor"
      FROM (
        SELECT
          "t21"."unit",
          "t21"."pid",
          COUNT(*) FILTER(WHERE
            TRUE) AS "PETITION_PROCESSING_ON_TIME__den",
          COUNT(*) FILTER(WHERE
            TRUE AND COALESCE("t21"."status" IN ('on_time', 'open_within'), FALSE)) AS "PETITION_PROCESSING_ON_TIME__num",
          COUNT(*) FILTER(WHERE
            TRUE) AS "PETITION_HANDLING_SATISFACTION__den",
          COUNT(*) FILTER(WHERE
            TRUE
            AND (
              COALESCE("t21"."status" IN ('on_time', 'open_within'), FALSE)
              AND COALESCE("t21"."rating" <> 'disliked', TRUE)
              AND NOT (
                COALESCE("t21"."repeated", FALSE)
              )
            )) AS "PETITION_HANDLING_SATISFACTION__num"
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
