from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.core.lists import paginate
from liaison.notify import services
from liaison.notify.forms import PreferencesForm
from liaison.notify.models import Notification, Preference
from liaison.notify.services import mark_read


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
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
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


@login_required
def preferences(request):
    modes = dict(Preference.objects.filter(user=request.user).values_list("kind", "mode"))
    form = PreferencesForm(request.POST or None, modes=modes)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preferences(request.user, form.cleaned_data)
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your notification settings have been saved."))
            return redirect("notification_preferences")
    return render(request, "notify/preferences.html", {"form": form})
