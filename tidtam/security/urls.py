from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("accounts/2fa/verify/", views.otp_verify, name="otp_verify"),
    path("accounts/2fa/setup/", views.otp_setup, name="otp_setup"),
    path("accounts/2fa/backup-codes/", views.backup_codes_renew, name="backup_codes_renew"),
    path("accounts/security/", views.account_security, name="account"),
]
