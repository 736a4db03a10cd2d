from accounts import rules as roles_rules


def roles(request):
    """The current user's roles, for the navigation."""
    user = getattr(request, "user", None)
    return {
        "role": {
            "office": roles_rules.is_office(user),
            "secretary": roles_rules.is_unit_secretary(user),
            "candidate": roles_rules.is_candidate(user),
            "examiner": roles_rules.is_examiner(user),
            "system_admin": roles_rules.is_system_admin(user),
            "security_admin": roles_rules.is_security_admin(user),
            "audit_admin": roles_rules.is_audit_admin(user),
        }
    }
