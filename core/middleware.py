"""Bokmål unless the user chose otherwise: the portal ignores the browser's Accept-Language,
because a Norwegian public-sector service speaks Norwegian first."""

from django.conf import settings
from django.utils import translation


class PortalLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecondFactorMiddleware:
    """Secretariat, committee and admin accounts must pass a second factor (TOTP) before any page
    but the second-factor pages themselves, logout and the language switch; their sessions also
    end after SECOND_FACTOR_IDLE_SECONDS without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.security import second_factor_gate

        refused = second_factor_gate(request)
        if refused is not None:
            return refused
        return self.get_response(request)


class AuditRequestMiddleware:
    """Binds the request being served for core.audit (the client's address, the acting user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.audit import bound_request

        with bound_request(request):
            return self.get_response(request)
