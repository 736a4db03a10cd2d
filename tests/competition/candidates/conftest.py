# The registration step's personas and posts: a candidate with a signed profile, a post in registration.
from tests.competition.registration.conftest import other_candidate, person, reg_post, second_post  # noqa: F401
