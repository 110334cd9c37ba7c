from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from liaison.core.errors import Refusal
from liaison.core.lists import paginate
from liaison.core.redirects import local_url
from liaison.notify import calendar, services
from liaison.notify.forms import PreferencesForm
from liaison.notify.models import Delivery, ExportJob, Notification, Preference
from liaison.notify.services import mark_read
from liaison.orgs.access import Perm, perm_required


@login_required
def inbox(request):
    notifications = Notification.objects.for_user(request.user)
    show = request.GET.get("show")
    if show == "unread":
        notifications = notifications.unread()
    return render(
        request, "notify/inbox.html", {"page": paginate(request, notifications), "show": show}
    )


@login_required
def open_notification(request, pk):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    mark_read(request.user, [notification.pk])
    target = local_url(request, notification.url)
    if target:
        return HttpResponseRedirect(target)
    return redirect("notifications")


@login_required
@require_POST
def read(request, pk):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    mark_read(request.user, [notification.pk])
    if request.headers.get("HX-Request"):
        notification.refresh_from_db()
        return render(request, "notify/_row.html", {"n": notification})
    return redirect("notifications")


@login_required
@require_POST
def read_all(request):
    mark_read(request.user)
    return redirect("notifications")


def calendar_feed(request, token):
    """The private iCal feed: no login, the token is the key; unknown or revoked → 404."""
    user = calendar.user_for_token(token)
    if user is None:
        raise Http404
    response = HttpResponse(calendar.build_feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="liaison.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def calendar_issue(request):
    calendar.issue_token(request.user)
    messages.success(request, _("A new calendar link was made; the old one no longer works."))
    return redirect("notification_preferences")


@login_required
@require_POST
def calendar_revoke(request):
    if calendar.revoke_token(request.user):
        messages.success(request, _("Your calendar link no longer works."))
    return redirect("notification_preferences")


@login_required
def preferences(request):
    modes = dict(Preference.objects.filter(user=request.user).values_list("kind", "mode"))
    form = PreferencesForm(request.POST or None, modes=modes)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preferences(
                request.user, {k: v for k, v in form.cleaned_data.items() if v}
            )
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your notification settings have been saved."))
            return redirect("notification_preferences")
    token = calendar.live_token(request.user)
    feed_url = (
        request.build_absolute_uri(reverse("calendar_feed", args=[token.token])) if token else ""
    )
    context = {"form": form, "feed_url": feed_url, "modes": Preference.Mode.choices}
    return render(request, "notify/preferences.html", context)


def _own_export(request, pk):
    """Another user's export answers 404, as if it did not exist."""
    return get_object_or_404(ExportJob.objects.filter(user=request.user), pk=pk)


@login_required
def export_list(request):
    jobs = ExportJob.objects.filter(user=request.user)
    return render(request, "notify/export_list.html", {"page": paginate(request, jobs)})


@login_required
def export_detail(request, pk):
    job = _own_export(request, pk)
    template = "notify/_export_status.html" if request.headers.get("HX-Request") else None
    return render(request, template or "notify/export_detail.html", {"job": job})


@login_required
def export_download(request, pk):
    job = _own_export(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    expired = job.expires_at and job.expires_at < timezone.now()
    if expired or not default_storage.exists(job.file):
        raise Http404
    response = FileResponse(
        default_storage.open(job.file, "rb"), as_attachment=True, filename=job.filename
    )
    response["Cache-Control"] = "private, no-store"
    return response


@perm_required(Perm.TASKS_VIEW)
def failed_tasks(request):
    """For the system administrator: tasks that failed for good, newest first, and why."""
    tasks = (
        DBTaskResult.objects.failed()
        .order_by("-finished_at")
        .only(
            "id",
            "task_path",
            "queue_name",
            "enqueued_at",
            "finished_at",
            "args_kwargs",
            "exception_class_path",
            "traceback",
            "worker_ids",
        )
    )
    deliveries = (
        Delivery.objects.filter(status=Delivery.Status.FAILED)
        .select_related("notification__recipient")
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "notify/failed_tasks.html",
        {"page": paginate(request, tasks), "deliveries": deliveries},
    )
