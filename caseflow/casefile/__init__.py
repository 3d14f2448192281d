"""Case files (案卷): the interchange format, read, written and reviewed."""

from caseflow.casefile.reader import CaseFile, CaseFileError, read_case_file
from caseflow.casefile.vocabulary import FORMAT
from caseflow.casefile.writer import record_to_dict

__all__ = ["FORMAT", "CaseFile", "CaseFileError", "read_case_file", "record_to_dict"]
