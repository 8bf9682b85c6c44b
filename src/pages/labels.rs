//! Human labels for the data's enums, ids and snapshots, in the report's language.

use crate::content::records::*;

pub fn firm_kind(kind: FirmKind) -> &'static str {
    match kind {
        FirmKind::NewBiotechFirm => "New biotechnology firm",
        FirmKind::SpinOff => "Spin-off",
        FirmKind::JointVenture => "Joint venture",
        FirmKind::Subsidiary => "Subsidiary",
        FirmKind::LargeCompany => "Large (bio)pharmaceutical company",
    }
}

/// The relation read from the firm's side ("spin-out of X").
pub fn relation(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::SpinOutOf => "Spin-out of",
        RelationKind::SpinOffOf => "Spin-off of",
        RelationKind::JointVentureOf => "Joint venture of",
        RelationKind::SubsidiaryOf => "Subsidiary of",
        RelationKind::FormerlyPartOf => "Formerly part of",
        RelationKind::RenamedFrom => "Formerly named",
    }
}

/// The same relation read from the other side ("spin-out: X").
pub fn relation_inverse(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::SpinOutOf => "Spin-out",
        RelationKind::SpinOffOf => "Spin-off",
        RelationKind::JointVentureOf => "Joint venture",
        RelationKind::SubsidiaryOf => "Subsidiary",
        RelationKind::FormerlyPartOf => "Former part",
        RelationKind::RenamedFrom => "Renamed as",
    }
}

pub fn acquisition(event: AcquisitionEvent) -> &'static str {
    match event {
        AcquisitionEvent::Acquired => "Acquired",
        AcquisitionEvent::AcquiredBy => "Acquired by",
        AcquisitionEvent::ReverseTakeover => "Reverse takeover of",
        AcquisitionEvent::Divested => "Divested",
        AcquisitionEvent::DelistedTakeoverBy => "Taken over (and delisted) by",
        AcquisitionEvent::MergedWith => "Merged with",
    }
}

pub fn alliance_kind(kind: AllianceKind) -> &'static str {
    match kind {
        AllianceKind::Licensing => "Licensing",
        AllianceKind::InLicensing => "In-licensing",
        AllianceKind::OutLicensing => "Out-licensing",
        AllianceKind::RAndD => "R&D",
        AllianceKind::CoDevelopment => "Co-development",
        AllianceKind::JointVenture => "Joint venture",
        AllianceKind::Equity => "Equity",
        AllianceKind::Marketing => "Marketing / distribution",
        AllianceKind::Manufacturing => "Manufacturing",
        AllianceKind::Acquisition => "Acquisition",
        AllianceKind::SpinOff => "Spin-off",
        AllianceKind::Service => "Service",
        AllianceKind::Consortium => "Consortium",
        AllianceKind::Unspecified => "Unspecified",
    }
}

pub fn company_kind(kind: CompanyKind) -> &'static str {
    match kind {
        CompanyKind::BigPharma => "Global (bio)pharmaceutical company",
        CompanyKind::Biotech => "Biotechnology company",
        CompanyKind::Medtech => "Medical technology company",
        CompanyKind::Diagnostics => "Diagnostics company",
        CompanyKind::Investor => "Investor",
        CompanyKind::ResearchInstitute => "Research institute",
        CompanyKind::University => "University",
        CompanyKind::Hospital => "Hospital",
        CompanyKind::Consortium => "Consortium or network",
        CompanyKind::ServiceProvider => "Service provider",
        CompanyKind::Other => "Other organisation",
    }
}

/// `flanders` → `Flanders`, `north-brabant` → `North Brabant`.
pub fn region(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `2016-12` → `December 2016`, `1993` → `1993`.
pub fn snapshot(id: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match id.split_once('-') {
        Some((year, month)) => match month.parse::<usize>() {
            Ok(m @ 1..=12) => format!("{} {year}", MONTHS[m - 1]),
            _ => id.to_string(),
        },
        None => id.to_string(),
    }
}

/// `euronext` → `Euronext`, `nasdaq` → `Nasdaq`.
pub fn listing(id: &str) -> String {
    match id {
        "euronext" => "Euronext".into(),
        "nasdaq" => "Nasdaq".into(),
        other => region(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_ids() {
        assert_eq!(region("flanders"), "Flanders");
        assert_eq!(region("north-brabant"), "North Brabant");
        assert_eq!(snapshot("2016-12"), "December 2016");
        assert_eq!(snapshot("1993"), "1993");
    }
}
