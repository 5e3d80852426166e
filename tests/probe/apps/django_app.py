"""A Django project with its CSRF middleware on and a webhook view without `@csrf_exempt` (a common first try)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path

from .webhook_apps import PATH


def hook(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path(PATH.lstrip("/"), hook)]


def django_csrf_app() -> Any:
    """Django's real ASGI handler with CsrfViewMiddleware; settings are configured once per process."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="tests-only-not-a-secret",
            ALLOWED_HOSTS=["127.0.0.1", "localhost"],
            ROOT_URLCONF=__name__,
            MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
            INSTALLED_APPS=[],
            USE_TZ=True,
        )
        django.setup()
    from django.core.asgi import get_asgi_application

    return get_asgi_application()
