"""Being written in the main tree; stubs so the URL layout loads."""

from django.http import Http404


def screen(request, *args, **kwargs):
    raise Http404


def screen_code(request, *args, **kwargs):
    raise Http404


def screen_present(request, *args, **kwargs):
    raise Http404


def manual_check_in(request, *args, **kwargs):
    raise Http404


def manual_check_out(request, *args, **kwargs):
    raise Http404


def check_in_page(request, *args, **kwargs):
    raise Http404
