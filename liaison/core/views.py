from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from liaison.core.registry import panels_for


@login_required
def home(request):
    shown = panels_for(request.user)
    request._home_figures = [figure for panel in shown for figure in panel.figures]
    request._home_parts = sorted({part for panel in shown for part in panel.parts})
    panels = [(panel, panel.items(request)) for panel in shown]
    return render(request, "core/home.html", {"panels": panels})


@never_cache
def healthz(request):
    """200 when the database and the task queue's table answer, 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
        checks["tasks"] = "ok"
    except Exception as exc:  # any failure below means "not healthy"
        checks.setdefault("database", "error")
        checks.setdefault("tasks", "error")
        checks["error"] = exc.__class__.__name__
        return JsonResponse({"status": "error", "checks": checks}, status=503)
    return JsonResponse({"status": "ok", "checks": checks})


def csrf_failure(request, reason=""):
    return render(
        request,
        "core/error.html",
        {
            "title": _("The form has expired"),
            "message": _(
                "The request could not be verified, so nothing was changed. "
                "Go back, reload the page and try again."
            ),
        },
        status=403,
    )


def permission_denied(request, exception=None):
    return render(
        request,
        "core/error.html",
        {
            "title": _("Access denied"),
            "message": _("Your role does not allow you to open this page."),
        },
        status=403,
    )


def page_not_found(request, exception=None):
    return render(
        request,
        "core/error.html",
        {"title": _("Page not found"), "message": _("The page does not exist or was removed.")},
        status=404,
    )
