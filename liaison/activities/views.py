"""Being written in the main tree; stubs so the URL layout loads."""

from django.http import Http404


def activity_list(request, *args, **kwargs):
    raise Http404


def activity_edit(request, *args, **kwargs):
    raise Http404


def activity_detail(request, *args, **kwargs):
    raise Http404


def activity_transition(request, *args, **kwargs):
    raise Http404


def activity_invite(request, *args, **kwargs):
    raise Http404


def activity_respond(request, *args, **kwargs):
    raise Http404


def leave_request(request, *args, **kwargs):
    raise Http404


def leave_decide(request, *args, **kwargs):
    raise Http404
