"""The court-order file's columns (db/imports/templates/court_orders.csv), and the resolvers'
input fields they fill, so that a problem is named by the file's column."""

from __future__ import annotations

# The resolvers' input fields, named back as the file's columns.
FIELD_COLUMNS = {
    "court": "court",
    "number": "number",
    "kind": "kind",
    "issuedOn": "issued_on",
    "expiresOn": "expires_on",
    "provinceCode": "province_code",
    "notes": "notes",
    "familyNameLatin": "subject_family_name_latin",
    "givenNameLatin": "subject_given_name_latin",
    "familyNameKm": "subject_family_name_km",
    "givenNameKm": "subject_given_name_km",
    "sex": "subject_sex",
    "birthDate": "subject_birth_date",
    "nationality": "subject_nationality",
    "documents.0.kind": "subject_document_kind",
    "documents.0.number": "subject_document_number",
    "documents.0.issuingCountry": "subject_document_country",
}
# The documented order (db/imports/templates/court_orders.csv); a file may order them as it likes.
COLUMNS = (
    *("court", "number", "kind", "issued_on", "expires_on"),
    *(v for v in FIELD_COLUMNS.values() if v.startswith("subject_")),
    *("province_code", "notes", "historical"),
)
REQUIRED_COLUMNS = ("court", "number", "kind", "issued_on")
