from django.contrib.auth.backends import ModelBackend

from liaison.orgs.models import User
from liaison.orgs.services import find_login_user


class UsernameOrPhoneBackend(ModelBackend):
    """Sign in with the username or the registered mobile number. Locked accounts never pass."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_login_user(username)
        if user is None:
            # Hash anyway so an unknown name takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.is_locked():
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
