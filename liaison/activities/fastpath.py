"""The scan's fast path on PostgreSQL: the htmx POST a member's phone sends from the
check-in page, answered in two statements.

In a briefing's first minutes hundreds of members press 签到 within a minute. Through the full
stack such a request costs ≈ 10 ms of CPU here (a dozen middlewares, the ORM compiling six
queries, a template with context processors), which caps two cores far below the 500
check-ins a second the office asked for. This middleware, first in MIDDLEWARE, answers the
common case itself: one read (account, activity, member, invitation, earlier check-in, duty
rule) and one write (attendance, audit entry and ledger row in a single INSERT … RETURNING,
atomic as one statement; the unique (activity, member) constraint keeps concurrent scans to
one row).

It answers only when the full stack would do nothing but this check-in. Whenever anything else
could happen — no or stale session, a second factor, a password
to change, a CSRF or origin failure, a bad or expired code, an activity not open, someone not a
member of the office, a capped duty rule, the rate limit reached — it
steps aside and the request goes through the whole stack unchanged. Its decisions call the
stack's own code (session store, session hash, CSRF middleware, token check, rate limit,
password expiry, security headers), and tests/activities/test_checkin_fastpath.py proves both
paths write the same rows and send the same answer.
"""

import json
import logging
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware
from django.template import loader
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from liaison.activities import services
from liaison.activities.models import Activity, Attendance
from liaison.activities.models import Status as ActivityStatus
from liaison.core import ratelimit
from liaison.core.errors import Refusal
from liaison.core.middleware import chosen_language, refresh_session
from liaison.core.request_context import client_ip
from liaison.duty.models import DutyRule
from liaison.orgs.passwords import is_expired

logger = logging.getLogger(__name__)
PREFIX = "/activities/checkin/"
STEP_ASIDE = None  # what every check returns when the full stack should answer

_READ = """
SELECT u.password, u.username, u.is_active, u.must_change_password, u.otp_enrolled,
       u.password_changed_at,
       EXISTS (SELECT 1 FROM orgs_roleassignment r
               WHERE r.user_id = u.id AND r.role = ANY(%(otp_roles)s)) AS otp_role,
       a.status, a.office_id, a.title, a.starts_at, a.ends_at, a.checkin_secret,
       m.id AS member_id, m.name AS member_name,
       EXISTS (SELECT 1 FROM activities_invitation i
               WHERE i.activity_id = a.id AND i.member_id = m.id) AS invited,
       t.id AS attendance_id, t.checked_in_at,
       rule.id IS NOT NULL AS ruled, rule.points, rule.unit, rule.yearly_cap
FROM orgs_user u
JOIN activities_activity a ON a.id = %(activity)s
LEFT JOIN members_member m ON m.user_id = u.id AND m.office_id = a.office_id
LEFT JOIN activities_attendance t
       ON t.activity_id = a.id AND t.member_id = m.id AND t.status = %(attended)s
LEFT JOIN LATERAL (
    SELECT id, points, unit, yearly_cap FROM duty_dutyrule
    WHERE kind = %(kind)s
      AND effective_from <= EXTRACT(YEAR FROM a.starts_at AT TIME ZONE %(tz)s)
    ORDER BY effective_from DESC LIMIT 1
) rule ON true
WHERE u.id = %(user)s
LIMIT 1
"""

# FOR KEY SHARE waits for a closing activity's row lock and then sees it closed, so no
# check-in lands after the absences were computed; concurrent scans do not block each other.
# The stored figures' counter is not moved here: while check-in is open the office's figures
# are counted live (activities.figures._checking_in), and closing moves it.
_COLUMNS: dict[str, list[str]] = {}  # statement → its result's column names

_WRITE = """
WITH open AS (
    SELECT id FROM activities_activity
    WHERE id = %(activity)s AND status = %(open)s FOR KEY SHARE
), row AS (
    INSERT INTO activities_attendance
        (activity_id, member_id, status, method, walk_in, checked_in_at, recorded_by_id)
    SELECT id, %(member)s, %(attended)s, %(method)s, %(walk_in)s, %(now)s, NULL FROM open
    ON CONFLICT (activity_id, member_id) DO NOTHING
    RETURNING id, checked_in_at
), audit AS (
    INSERT INTO orgs_auditentry (created_at, actor_id, actor_label, ip, action,
        content_type_id, object_id, object_repr, organization_id, data)
    SELECT %(now)s, %(user)s, %(username)s, %(ip)s::inet, 'check_in', %(activity_type)s,
        %(activity_key)s, %(activity_repr)s, %(office)s, %(data)s::jsonb FROM row
), ledger AS (
    INSERT INTO duty_dutyrecord (member_id, office_id, kind, content_type_id, object_id,
        date, year, quantity, points, created_at, updated_at)
    SELECT %(member)s, %(office)s, %(kind)s, %(attendance_type)s, id, %(date)s, %(year)s,
        %(quantity)s, %(points)s, %(now)s, %(now)s FROM row
), totals AS (
    -- the member's sums of the year (liaison.duty.yearly), the one row added
    INSERT INTO duty_memberyear (member_id, year, acts, points)
    SELECT %(member)s, %(year)s, 1, %(points)s FROM row
    ON CONFLICT (member_id, year) DO UPDATE
    SET acts = duty_memberyear.acts + 1, points = duty_memberyear.points + EXCLUDED.points
)
SELECT (SELECT checked_in_at FROM row), EXISTS (SELECT 1 FROM open)
"""

# After a conflict: the concurrent scan's row, committed by now (a new statement sees it).
_EARLIER = """
SELECT checked_in_at FROM activities_attendance
WHERE activity_id = %s AND member_id = %s AND status = %s
"""


class _CsrfCheck(CsrfViewMiddleware):
    """Django's CSRF and origin checks; a failure steps aside so the stack answers (and logs)
    it with its own page."""

    def _reject(self, request, reason):
        return HttpResponse(status=403)


class CheckInFastPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = _CsrfCheck(get_response)
        self.security = SecurityMiddleware(get_response)
        self.common = CommonMiddleware(get_response)
        self.csp = ContentSecurityPolicyMiddleware(get_response)
        self.frame = XFrameOptionsMiddleware(get_response)
        self.sessions = SessionMiddleware(get_response)

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.path_info.startswith(PREFIX)
            and request.headers.get("HX-Request")
            and settings.CHECKIN_FAST_PATH
            and connection.vendor == "postgresql"
        ):
            try:
                response = self.answer(request)
            except DatabaseError:
                # No health-check ping here (a round trip per scan): a connection that went
                # away fails the read, and the stack, which checks it first, reconnects.
                logger.warning(
                    "check-in fast path: database error, the stack answers", exc_info=True
                )
                response = None
            if response is not None:
                return response
        return self.get_response(request)

    def answer(self, request):
        token = request.path_info[len(PREFIX) :].removesuffix("/")
        activity_pk = services.token_activity_pk(token)
        if (
            activity_pk is None
            or "/" in token
            or self.security.process_request(request)
            or self.common.process_request(request)
        ):
            return STEP_ASIDE
        user_pk = self.signed_in(request)
        if user_pk is None or not self.csrf_passes(request):
            return STEP_ASIDE
        found = self.read(user_pk, activity_pk)
        if found is None or not self.account_passes(found, request.session, user_pk):
            return STEP_ASIDE
        try:
            services.verify_token(
                token, SimpleNamespace(pk=activity_pk, checkin_secret=found.checkin_secret)
            )
        except Refusal:
            return STEP_ASIDE
        if (
            found.status != ActivityStatus.CHECKIN_OPEN
            or found.member_id is None
            or (found.ruled and found.yearly_cap is not None)  # a cap rescored the year
            or not self.within_rate_limit(user_pk)
        ):
            return STEP_ASIDE
        translation.activate(chosen_language(request))
        if found.attendance_id is not None:  # a second scan: say so, change nothing
            return self.respond(request, found, found.checked_in_at, _("Already checked in."))
        checked_in_at, still_open = self.write(request, user_pk, activity_pk, found)
        if checked_in_at is not None:
            return self.respond(request, found, checked_in_at, None)
        earlier = self.earlier(activity_pk, found.member_id) if still_open else None
        if earlier is None:  # closed meanwhile (or the other scan was undone): the stack says
            return STEP_ASIDE
        return self.respond(request, found, earlier, _("Already checked in."))

    def signed_in(self, request):
        """The session's user id, if the stack would take the session as it is."""
        if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return None
        self.sessions.process_request(request)
        user_pk = request.session.get(SESSION_KEY)
        if (
            user_pk is None
            or request.session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS
        ):
            return None
        try:
            return int(user_pk)
        except (TypeError, ValueError):
            return None

    def csrf_passes(self, request) -> bool:
        self.csrf.process_request(request)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        view = check_in_view()
        return self.csrf.process_view(request, view, (), {}) is None

    @staticmethod
    def account_passes(found, session, user_pk) -> bool:
        """What AuthenticationMiddleware, the second-factor and password middlewares check."""
        if not found.is_active or found.must_change_password or found.otp_enrolled:
            return False
        if settings.OTP_ENFORCED and found.otp_role:
            return False  # must enrol first: the stack sends them to the set-up page
        if is_expired(found):
            return False
        expected = get_user_model()(pk=user_pk, password=found.password).get_session_auth_hash()
        return constant_time_compare(session.get(HASH_SESSION_KEY, ""), expected)

    @staticmethod
    def within_rate_limit(user_pk) -> bool:
        """Counted as the view's decorator counts it; over the limit the count is given back
        and the stack refuses (and audits) the request."""
        limit, window = settings.CHECKIN_RATE_LIMIT, settings.CHECKIN_RATE_WINDOW
        if not limit:
            return True
        ident = f"user:{user_pk}"
        if ratelimit.hit("checkin", ident, window) <= limit:
            return True
        ratelimit.unhit("checkin", ident)
        return False

    @staticmethod
    def read(user_pk, activity_pk):
        with _bound_cursor() as cursor:
            cursor.execute(
                _READ,
                {
                    "user": user_pk,
                    "activity": activity_pk,
                    "attended": Attendance.Status.ATTENDED,
                    "kind": services.ATTENDED,
                    "tz": settings.TIME_ZONE,
                    "otp_roles": list(settings.OTP_REQUIRED_ROLES),
                },
            )
            row = cursor.fetchone()
            names = _COLUMNS.get(_READ)
            if names is None:  # psycopg builds the description afresh each time: keep it
                names = _COLUMNS.setdefault(_READ, [column.name for column in cursor.description])
        return SimpleNamespace(**dict(zip(names, row, strict=True))) if row else None

    @staticmethod
    def write(request, user_pk, activity_pk, found):
        activity = SimpleNamespace(starts_at=found.starts_at, ends_at=found.ends_at)
        quantity = services.half_days(activity)
        points = (
            DutyRule(points=found.points, unit=found.unit).points_for(quantity)
            if found.ruled
            else 0
        )
        day = timezone.localtime(found.starts_at).date()
        walk_in = not found.invited
        with _bound_cursor() as cursor:
            cursor.execute(
                _WRITE,
                {
                    "activity": activity_pk,
                    "open": ActivityStatus.CHECKIN_OPEN,
                    "member": found.member_id,
                    "attended": Attendance.Status.ATTENDED,
                    "method": Attendance.Method.QR,
                    "walk_in": walk_in,
                    "now": timezone.now(),
                    "user": user_pk,
                    "username": found.username,
                    "ip": client_ip(request),
                    "activity_type": ContentType.objects.get_for_model(Activity).pk,
                    "activity_key": str(activity_pk),
                    "activity_repr": found.title[:200],
                    "office": found.office_id,
                    "data": json.dumps(
                        {"member": found.member_name, "method": "qr", "walk_in": walk_in}
                    ),
                    "kind": services.ATTENDED,
                    "attendance_type": ContentType.objects.get_for_model(Attendance).pk,
                    "date": day,
                    "year": day.year,
                    "quantity": quantity,
                    "points": points,
                },
            )
            return cursor.fetchone()

    @staticmethod
    def earlier(activity_pk, member_pk):
        """A concurrent scan of the same member got there first: its time, if it stands."""
        with _bound_cursor() as cursor:
            cursor.execute(_EARLIER, [activity_pk, member_pk, Attendance.Status.ATTENDED])
            row = cursor.fetchone()
        return row[0] if row else None

    def respond(self, request, found, checked_in_at, error):
        html = loader.get_template("activities/_checkin_result.html").render(
            {
                "attendance": SimpleNamespace(checked_in_at=checked_in_at),
                "member": SimpleNamespace(name=found.member_name),
                "error": error,
            }
        )
        response = HttpResponse(html)
        add_never_cache_headers(response)
        response.headers.setdefault("Content-Language", translation.get_language())
        refresh_session(request.session)  # the idle timeout slides as on any page
        self.csp.process_request(request)
        for middleware in (self.frame, self.common, self.sessions, self.csp, self.security):
            response = middleware.process_response(request, response)
        return response


def check_in_view():
    from liaison.activities.views_checkin import check_in_page

    return check_in_page


def _bound_cursor():
    """Django's cursor (counted and logged as any), binding parameters on the server: psycopg
    then prepares a statement run a few times on a connection, so the planner, which costs
    more than running these statements (≈ 2 ms for the read's joins), runs once per
    connection (kept by DB_CONN_MAX_AGE) instead of once per scan."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(ServerBindingCursor(connection.connection))
