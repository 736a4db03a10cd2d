from django import template

register = template.Library()


@register.filter
def percent(share):
    """A fraction (0.297) as a percentage (29.7%); a dash when there is nothing to divide."""
    # "" is what the template engine gives for a figure that does not exist yet (no decision, no "after" cohort).
    if share is None or share == "":
        return "–"
    return f"{share * 100:.1f}%"


@register.filter
def dash(value):
    return "–" if value is None else value
