"""People of the same name in one unit told apart in lists: ``{% namesake_note person %}`` adds the birth year and
the current post, and only where a name collides (a list of distinct names stays as it was)."""

from django import template
from django.db.models import Count
from django.utils.translation import gettext as _

from competition.models import Person

register = template.Library()


def _namesakes() -> set[tuple[str, int | None, str]]:
    rows = (
        Person.objects.values("name", "current_unit", "current_unit_other")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("name", "current_unit", "current_unit_other")
    )
    return set(rows)


@register.simple_tag(takes_context=True)
def namesake_note(context, person: Person | None) -> str:
    if person is None:
        return ""
    request = context.get("request")
    # Once per request: a list page asks for every row.
    collisions = getattr(request, "_namesakes", None) if request is not None else None
    if collisions is None:
        collisions = _namesakes()
        if request is not None:
            request._namesakes = collisions
    if (person.name, person.current_unit_id, person.current_unit_other) not in collisions:
        return ""
    details = [_("born %(year)s") % {"year": person.birth_date.year}] if person.birth_date else []
    if person.current_position:
        details.append(person.current_position)
    return "（%s）" % "，".join(details) if details else ""
