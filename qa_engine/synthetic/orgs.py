"""Fictitious organizations the synthetic calls are placed with.

Staff, provider, clinic names and the organization's own phone numbers and addresses are said in
calls but are not patient PHI; the PHI detector takes this config as its allow-list.
"""

from __future__ import annotations

from typing import Any

ORGANIZATIONS: dict[str, dict[str, Any]] = {
    "org-riverside": {
        "name": "Riverside Family Medicine",
        "short_names": ["Riverside", "Riverside Family"],
        "staff_names": ["Sarah", "Michael", "Jasmine", "Carlos", "Emily"],
        "agent_ids": ["agent-rfm-01", "agent-rfm-02", "agent-rfm-03", "agent-rfm-04", "agent-rfm-05"],
        "provider_names": ["Dr. Anika Patel", "Dr. Robert Chen", "Dr. Lisa Moreno", "Dr. James Whitfield"],
        "clinic_names": ["Riverside Family Medicine", "Riverside Urgent Care", "Riverside Imaging Center"],
        "hospital_names": ["Riverside Regional Hospital"],
        "phone_numbers": ["800-555-0142", "800-555-0199"],
        "addresses": ["1200 Harbor Boulevard"],
        "nurse_line": "the Riverside nurse line",
    },
    "org-lakeview": {
        "name": "Lakeview Health Partners",
        "short_names": ["Lakeview Health", "Lakeview"],
        "staff_names": ["Denise", "Kevin", "Priya", "Marcus"],
        "agent_ids": ["agent-lhp-01", "agent-lhp-02", "agent-lhp-03", "agent-lhp-04"],
        "provider_names": ["Dr. Helen Okafor", "Dr. Samuel Brooks", "Dr. Mei Tanaka"],
        "clinic_names": ["Lakeview Cardiology", "Lakeview Orthopedics", "Lakeview Health Partners"],
        "hospital_names": ["Lakeview Medical Center"],
        "phone_numbers": ["888-555-0123", "888-555-0177"],
        "addresses": ["45 Lakeshore Drive"],
        "nurse_line": "our nurse triage line",
    },
    "org-cedargrove": {
        "name": "Cedar Grove Clinic",
        "short_names": ["Cedar Grove"],
        "staff_names": ["Tanya", "Brian", "Olivia", "Hector"],
        "agent_ids": ["agent-cgc-01", "agent-cgc-02", "agent-cgc-03", "agent-cgc-04"],
        "provider_names": ["Dr. Victor Alvarez", "Dr. Grace Kim", "Dr. Thomas Reilly"],
        "clinic_names": ["Cedar Grove Clinic", "Cedar Grove Pediatrics"],
        "hospital_names": ["Saint Agnes Hospital"],
        "phone_numbers": ["877-555-0110"],
        "addresses": ["300 Cedar Grove Parkway"],
        "nurse_line": "the nurse advice line",
    },
    "org-northgate": {
        "name": "Northgate Research Institute",
        "short_names": ["Northgate", "Northgate Research"],
        "staff_names": ["Rachel", "Daniel", "Aisha"],
        "agent_ids": ["agent-nri-01", "agent-nri-02", "agent-nri-03"],
        "provider_names": ["Dr. Fiona Walsh", "Dr. Omar Haddad"],
        "clinic_names": ["Northgate Research Institute", "Northgate Clinical Trials Unit"],
        "hospital_names": ["Northgate University Hospital"],
        "phone_numbers": ["866-555-0155"],
        "addresses": ["9 University Circle"],
        "nurse_line": "our on-call research nurse",
    },
}


def org_config(org_id: str) -> dict[str, Any]:
    """The allow-list view of an organization: what a PHI detector must not count as patient PHI."""
    org = ORGANIZATIONS[org_id]
    return {
        "org_id": org_id,
        "name": org["name"],
        "staff_names": list(org["staff_names"]),
        "provider_names": list(org["provider_names"]),
        "clinic_names": list(org["clinic_names"]) + list(org["hospital_names"]),
        "phone_numbers": list(org["phone_numbers"]),
        "addresses": list(org["addresses"]),
    }
