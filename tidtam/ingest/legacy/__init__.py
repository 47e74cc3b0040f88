"""Reading legacy consolidated reports (extracted text or .docx) into the canonical round form."""
