"""/notifications/: one's own notifications (newest first, paginated); opening one marks it read and
goes to its page; "อ่านทั้งหมดแล้ว" marks all read; /notifications/settings/: the e-mail digest and LINE."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tidtam.submissions.views.common import signed_in_user

from .forms import PreferenceForm
from .selectors import notification_for_user, notifications_of, preference_of, unread_count
from .services import notification_mark_read, notifications_mark_all_read, preference_update

PER_PAGE = 30


@require_safe
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_of(user=request.user).select_related("round"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "unread": unread_count(user=request.user),
            "preference": preference_of(user=request.user),
        },
    )


@require_safe
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = notification_for_user(user=request.user, pk=pk)
    if notification is None:  # someone else's, or gone: the same answer
        raise Http404(_("ไม่พบการแจ้งเตือนนี้"))
    notification_mark_read(notification=notification)
    # The link is a path made by this site; anything else (a tampered row) goes to the list instead.
    if not url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts=None
    ) or not notification.link.startswith("/"):
        return redirect("notifications:list")
    return redirect(notification.link)


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=signed_in_user(request))
    if count:
        messages.success(request, _("ทำเครื่องหมายว่าอ่านแล้ว %(n)s รายการ") % {"n": count})
    return redirect("notifications:list")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def preference_page(request: HttpRequest) -> HttpResponse:
    preference = preference_of(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        preference_update(
            user=signed_in_user(request),
            email_digest=form.cleaned_data["email_digest"],
            line_user_id=form.cleaned_data["line_user_id"],
        )
        messages.success(request, _("บันทึกการตั้งค่าการแจ้งเตือนแล้ว"))
        return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "has_email": bool(signed_in_user(request).email)},
    )
