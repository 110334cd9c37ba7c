"""The WSGI application bench/deployment.py serves: the site plus bench/pages.py's floor view."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import pages
from django.conf import settings
from django.core.wsgi import get_wsgi_application

settings.ROOT_URLCONF = "pages"
application = get_wsgi_application()
pages._urlconf()
