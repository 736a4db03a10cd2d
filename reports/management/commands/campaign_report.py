"""python manage.py campaign_report CAMPAIGN_ID --format json|xlsx [--output FILE]"""

import json

from django.core.management.base import BaseCommand, CommandError

from competition.models import Campaign
from reports.exports import write_statistics_workbook
from reports.statistics import campaign_statistics

# The keys the office's summary reads out, in order (issue 8); the dashboard's chart data is left out.
REPORT_KEYS = (
    "units_releasing_posts",
    "posts_released",
    "posts_share_of_quota",
    "registrations",
    "written_exam",
    "interview_sessions",
    "interviewed",
    "appointed",
    "places_released",
    "posts_appointed",
    "substitutions",
    "exceptions",
    "in_progress",
    "in_progress_by_step",
    "moved_to_internal",
    "failed",
    "registrations_per_post",
    "most_contested_post",
    "outside_unit_registrations",
    "outside_unit_share",
    "nominations",
    "repeat_candidates",
    "repeat_candidates_appointed",
    "appointees",
    "cohort",
)


def report(stats):
    return {"campaign": stats["campaign"], **{key: stats[key] for key in REPORT_KEYS}}


class Command(BaseCommand):
    help = "Print a campaign's statistics as JSON, or write them as an Excel workbook."

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", type=int)
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="File to write (required for xlsx; json prints to stdout without it).")

    def handle(self, *args, campaign_id, format, output, **options):
        try:
            campaign = Campaign.objects.get(pk=campaign_id)
        except Campaign.DoesNotExist:
            raise CommandError(f"No campaign with id {campaign_id}.") from None
        stats = campaign_statistics(campaign)
        if format == "xlsx":
            if not output:
                raise CommandError("--format xlsx needs --output FILE.")
            with open(output, "wb") as stream:
                write_statistics_workbook(stats, stream)
            self.stdout.write(f"Wrote {output}")
            return
        text = json.dumps(report(stats), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as stream:
                stream.write(text + "\n")
        else:
            self.stdout.write(text)
