"""The client address for login throttling (settings.AXES_CLIENT_IP_CALLABLE).

REMOTE_ADDR unless the deployment says a number of trusted reverse proxies stand in front
(TIDTAM_TRUSTED_PROXY_COUNT) and which header they write (TIDTAM_CLIENT_IP_HEADER, e.g.
HTTP_X_FORWARDED_FOR). Each proxy appends the address it received the request from, so the entry
N places from the right was written by the outermost trusted proxy; whatever a client sends itself sits
further left and is never read. A header with fewer entries than proxies, or a value that is not an
address, falls back to REMOTE_ADDR.
"""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TIDTAM_TRUSTED_PROXY_COUNT
    header = settings.TIDTAM_CLIENT_IP_HEADER
    if count <= 0 or not header:
        return remote
    entries = [e.strip() for e in request.META.get(header, "").split(",") if e.strip()]
    if len(entries) < count:
        return remote
    candidate = entries[-count]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
