"""Where uploaded case documents are kept: under var/, outside the web root, never given a URL."""

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible
class PrivateFileStorage(FileSystemStorage):
    """Files reach a browser only through a view that checks who is asking and audits it."""

    def __init__(self) -> None:
        # Owner-only files: nobody else on the machine may read what people sent us.
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @cached_property
    def base_location(self) -> Any:
        # Read when first used, so test settings can point it at a throwaway folder.
        return settings.PRIVATE_FILES_DIR

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no address; serve them through a checked view.")


private_storage = PrivateFileStorage()
