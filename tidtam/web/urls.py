from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    # Round keys contain slashes ("TH-74/2567/2"): the more specific routes must come first.
    path("rounds/<path:key>/items/<int:number>/", views.item_detail, name="item_detail"),
    path("rounds/<path:key>/imports/", views.round_imports, name="round_imports"),
    path("rounds/<path:key>/", views.round_detail, name="round_detail"),
]

# Authentication lives at the project level (settings.LOGIN_URL = "login").
auth_urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
