"""Why an import did not happen. Every message is for the user (Thai)."""


class ImportFailed(Exception):
    """The file cannot be imported; the message is for the user (Thai)."""


class RoundExists(ImportFailed):
    """The round exists and the caller did not ask to replace it (the web asks for a confirmation)."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(f"รอบ {key} มีอยู่แล้ว การนำเข้าไฟล์นี้จะแทนที่รอบเดิม ต้องยืนยันก่อน")
