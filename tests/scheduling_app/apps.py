from django.apps import AppConfig


class SchedulingTestAppConfig(AppConfig):
    name = "tests.scheduling_app"
    label = "scheduling_testapp"
    verbose_name = "Scheduling test app"
