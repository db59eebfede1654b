"""Route constants and URL builders, in one place."""

HOME = "/"
SIGN_IN = "/signin"
ONBOARDING = "/onboarding"
PROFILE_EDIT = "/profile"
ACCOUNT = "/account"
AGENCY = "/agency"
PUBLIC_PROFILE = "/u/[profile_id]"
PUBLIC_AGENCY = "/agencies/[slug]"
AUTH_LOGOUT = "/auth/logout"
DASHBOARD = "/dashboard"


def auth_login(provider: str, next_path: str = "") -> str:
    """Where a sign-in button points (the backend route that starts the OAuth flow)."""
    suffix = f"?next={next_path}" if next_path else ""
    return f"/auth/login/{provider}{suffix}"


def public_profile(user_id: int) -> str:
    """The public page of a user."""
    return f"/u/{user_id}"


def public_agency(slug: str) -> str:
    """The public page of an agency."""
    return f"/agencies/{slug}"
