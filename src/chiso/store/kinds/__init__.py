"""The built-in import kinds, registered like a province's own."""

from chiso.store.importing import register
from chiso.store.kinds.achievements import AchievementImporter
from chiso.store.kinds.dossiers import DossierImporter
from chiso.store.kinds.feedback import FeedbackImporter
from chiso.store.kinds.plan import PlanImporter
from chiso.store.kinds.procedures import ProcedureImporter
from chiso.store.kinds.published import PublishedImporter
from chiso.store.kinds.rankings import RankingImporter
from chiso.store.kinds.reported import ReportedImporter
from chiso.store.kinds.scores import ScoreImporter
from chiso.store.kinds.tasks import TaskImporter
from chiso.store.kinds.units import UnitImporter

for _importer in (UnitImporter(), ProcedureImporter(), DossierImporter(), FeedbackImporter(), ReportedImporter(),
                  PlanImporter(), PublishedImporter(), TaskImporter(), RankingImporter(),
                  AchievementImporter(), ScoreImporter()):
    register(_importer)
