"""Token authentication whose tokens expire TIDTAM_API_TOKEN_DAYS days after they were issued.
An expired token answers 401 with a Thai message saying how to get a new one."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


def token_expired(token) -> bool:
    return token.created < timezone.now() - timedelta(days=settings.TIDTAM_API_TOKEN_DAYS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise AuthenticationFailed(
                _("โทเค็นหมดอายุแล้ว (ใช้ได้ %(days)s วัน) กรุณาขอโทเค็นใหม่")
                % {"days": settings.TIDTAM_API_TOKEN_DAYS}
            )
        return user, token
