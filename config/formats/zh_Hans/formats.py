# Chinese pages, messages and mails write dates as official documents do: 2026年5月8日 (issue 21). Date inputs keep
# ISO values (core.forms) whatever the language.
DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
