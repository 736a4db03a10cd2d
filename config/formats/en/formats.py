# English pages show ISO dates (2026-05-08), as they always have; messages and mails keep Django's DATE_FORMAT.
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
YEAR_MONTH_FORMAT = "Y-m"
