from tidtam.common.commands import ActorCommand
from tidtam.orgs.services import orgs_load_hierarchy


class Command(ActorCommand):
    help = "สร้าง/ปรับปรุงโครงสร้างหน่วยงาน: กระทรวง 18 ภาค 77 จังหวัด และสำนักงานศึกษาธิการจังหวัด"

    def handle(self, *args, **options):
        counts = orgs_load_hierarchy()
        self.stdout.write(
            f"โครงสร้างหน่วยงาน: {counts['regions']} ภาค, {counts['provinces']} จังหวัด, "
            f"{counts['offices']} สำนักงานศึกษาธิการจังหวัด"
        )
