"""Static file storage for production: hashed names, compressed copies, and no failure over source maps.

Vendored front-end files (swagger-ui) end with a `sourceMappingURL` comment naming a `.map` file that is not
shipped. Django's manifest storage rewrites such references to hashed names and fails `collectstatic` when
the file is missing. Tidtam ships no source maps, so the storage leaves those comments as written (a browser
asks for the map only when its developer tools are open, and gets a 404). Every other reference (CSS url(),
@import) is still rewritten, and a missing one still fails: that is a real broken link.
"""

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    def keep(pattern) -> bool:
        regex = pattern[0] if isinstance(pattern, tuple) else pattern
        return "sourceMappingURL" not in regex

    return tuple((glob, tuple(p for p in group if keep(p))) for glob, group in patterns)


class ManifestStaticStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(HashedFilesMixin.patterns)
