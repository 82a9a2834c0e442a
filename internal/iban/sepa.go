package iban

// sctScope is the IBAN country codes of the SEPA Credit Transfer scheme's geographical
// scope (EPC409-09, "EPC list of SEPA scheme countries"), as known on 2026-12-04:
//
//   - the 27 EU member states, and the EEA's Iceland, Liechtenstein and Norway;
//   - Switzerland, the United Kingdom, Monaco, San Marino, Andorra and Vatican City;
//   - Gibraltar, the one territory in scope with an IBAN code of its own (the others,
//     e.g. Réunion, Åland, Jersey, use their parent's: FR, FI, GB);
//   - Albania and Montenegro, in scope since the EPC Board's decision of 21 November
//     2024; Moldova and North Macedonia since 6 March 2025. Their banks' operational
//     readiness date was 5-7 October 2025 (EPC announcements, as reported by European
//     Western Balkans 2025-03-07 and 2025-10-08, and the European Commission 2025-10-17);
//   - Serbia, in scope since May 2025, operational since 4-5 May 2026 (Serbian banks'
//     customer notices).
//
// Being in scope does not mean every bank of the country adheres to the scheme; it
// means a bank there may, and accounts elsewhere are never reachable by SCT. A country
// joining the scope is one line here.
var sctScope = map[string]bool{
	// EU
	"AT": true, "BE": true, "BG": true, "CY": true, "CZ": true, "DE": true, "DK": true,
	"EE": true, "ES": true, "FI": true, "FR": true, "GR": true, "HR": true, "HU": true,
	"IE": true, "IT": true, "LT": true, "LU": true, "LV": true, "MT": true, "NL": true,
	"PL": true, "PT": true, "RO": true, "SE": true, "SI": true, "SK": true,
	// EEA outside the EU
	"IS": true, "LI": true, "NO": true,
	// other countries and territories of the original scope
	"CH": true, "GB": true, "GI": true, "MC": true, "SM": true, "AD": true, "VA": true,
	// enlargement 2024-2025
	"AL": true, "ME": true, "MD": true, "MK": true, "RS": true,
}

// ReachableBySCT reports whether an account with this IBAN can be reached by a SEPA
// credit transfer: its country is in the SCT scheme's geographical scope.
func ReachableBySCT(iban string) bool { return sctScope[Country(iban)] }
