"""
`manage.py run_worker`: django-tasks-db's `db_worker` plus the periodic jobs (scheduled
publishing and whatever else WORKER_PERIODIC_JOBS lists), so one process does both and no
cron is needed. Options are db_worker's, plus --once.
"""

import logging
import threading

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from cms.publishing.worker import PeriodicJobThread, run_periodic_jobs

logger = logging.getLogger("cms.publishing")


class Command(DbWorkerCommand):
    help = (
        "Run background tasks and the periodic jobs (scheduled publishing and expiry) until "
        "SIGTERM/SIGINT. With --once, run the jobs once and every queued task, then exit."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run the periodic jobs once and the queued tasks, then exit (for scripts).",
        )
        # The autoreloader would run the jobs in a second process; opt in with --reload.
        parser.set_defaults(reload=False)

    def handle(self, *args, once=False, **options):
        verbosity = options["verbosity"]
        self.configure_logging(verbosity)
        if not logger.handlers:
            logger.addHandler(logging.StreamHandler(self.stdout))
        logger.setLevel(logging.INFO if verbosity == 1 else logging.DEBUG)
        if verbosity == 0:
            logger.setLevel(logging.CRITICAL)
        worker_id = options["worker_id"]

        if once:
            items = run_periodic_jobs(worker_id)
            logger.info("Periodic jobs done: %d item(s) published or unpublished", items)
            options.update(batch=True, startup_delay=False, reload=False)
            return super().handle(*args, **options)

        stop = threading.Event()
        jobs = PeriodicJobThread(worker_id, stop)
        jobs.start()
        try:
            # db_worker installs the SIGTERM/SIGINT handlers: it finishes the running task,
            # then returns or raises SystemExit, and either way the jobs thread stops here.
            return super().handle(*args, **options)
        finally:
            stop.set()
            jobs.join(timeout=60)
            logger.info("Worker %s stopped", worker_id)
