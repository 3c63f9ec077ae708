from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from applications import views as application_views
from core import views as core_views
from core import views_auth
from core.forms_auth import EmailAuthenticationForm, PasswordResetRequestForm

urlpatterns = [
    path("", application_views.home, name="home"),
    path("soknader/", include("applications.urls")),
    path("sekretariat/", include("applications.urls_secretariat")),
    path("helse-nord/", include("applications.urls_helse_nord")),
    path("utvalg/", include("committees.urls")),
    path("offentlig/", include("committees.urls_public")),
    path("prosjekter/", include("projects.urls")),
    path("varsler/", include("notifications.urls")),
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logg-inn/kode/", views_auth.second_factor_verify, name="second_factor_verify"),
    path("logg-inn/tofaktor/", views_auth.second_factor_setup, name="second_factor_setup"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "glemt-passord/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetRequestForm),
        name="password_reset",
    ),
    path("glemt-passord/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "glemt-passord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "glemt-passord/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tilgjengelighet/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
    path("helsesjekk/", core_views.health, name="health"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
