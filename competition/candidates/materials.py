"""Which materials a post's candidates hand in (issue 18.1), and which required ones an application still lacks.

A leaf: models only, so that the registration panel (the review page) and the interview pages can read it without
importing the services. The campaign's requirements apply to every post; a post's own requirement of a kind
replaces the campaign's of that kind.
"""

from collections import defaultdict

from django.db.models import Q

from competition.models import Application, Material, MaterialRequirement, Post


def requirements_for(post: Post) -> list[MaterialRequirement]:
    return requirements_by_post([post])[post.pk]


def requirements_by_post(posts: list[Post]) -> dict[int, list[MaterialRequirement]]:
    """Each post's requirements, by deadline, in one query however many posts (the reminder scan reads 10,000)."""
    requirements = MaterialRequirement.objects.filter(
        Q(campaign_id__in={post.campaign_id for post in posts}, post__isnull=True) | Q(post__in=[post.pk for post in posts])
    )
    of_campaign: dict[int, dict[str, MaterialRequirement]] = defaultdict(dict)
    of_post: dict[int, dict[str, MaterialRequirement]] = defaultdict(dict)
    for requirement in requirements.order_by("kind", "post_id", "pk"):
        if requirement.post_id is None:
            of_campaign[requirement.campaign_id].setdefault(requirement.kind, requirement)
        else:
            of_post[requirement.post_id][requirement.kind] = requirement
    by_post = {}
    for post in posts:
        # A post's own requirement of a kind wins over the campaign's, whichever the database returns first.
        by_kind = {**of_campaign[post.campaign_id], **of_post[post.pk]}
        by_post[post.pk] = sorted(by_kind.values(), key=lambda r: (r.deadline, r.kind))
    return by_post


def missing_required(application: Application, requirements: list[MaterialRequirement] | None = None) -> list[MaterialRequirement]:
    requirements = requirements_for(application.post) if requirements is None else requirements
    uploaded = set(application.materials.values_list("requirement_id", flat=True))
    return [r for r in requirements if r.required and r.pk not in uploaded]


def missing_by_application(post: Post) -> dict[int, list[str]]:
    """For the review panel: each application's missing required materials, by title (three queries per post)."""
    required = [r for r in requirements_for(post) if r.required]
    if not required:
        return {}
    uploaded = defaultdict(set)
    for application_id, requirement_id in Material.objects.filter(
        application__post=post, requirement__in=required
    ).values_list("application_id", "requirement_id"):
        uploaded[application_id].add(requirement_id)
    return {
        application_id: [r.title for r in required if r.pk not in uploaded[application_id]]
        for application_id in post.applications.values_list("pk", flat=True)
    }


def materials_by_application(application_ids) -> dict[int, list[Material]]:
    found = defaultdict(list)
    for material in Material.objects.filter(application_id__in=list(application_ids)).select_related("requirement"):
        found[material.application_id].append(material)
    return dict(found)
