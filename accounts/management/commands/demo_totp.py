"""The current second-factor code of a demo account (``load_demo`` enrolled it): a first run needs no phone."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import DEMO_DEVICE, current_code, secret_base32


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account enrolled by load_demo."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        # Only the devices load_demo made: a real user's second factor is never printed.
        device = TOTPDevice.objects.filter(user__username=username, name=DEMO_DEVICE, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} has no demo second factor (load_demo enrols the demo accounts).")
        self.stdout.write(current_code(device))
        if options["verbosity"] > 1:
            self.stdout.write(f"secret: {secret_base32(device)}")
