"""Towns that are not councils' names, and the authority or district that answers for them.

The register names councils and the districts list names districts; stories name towns
(Grimsby, Bognor Regis, Kendal). These tables are facts, read by pipeline.name_index.
"""

from __future__ import annotations

# Towns and colloquial names that are not in the register: place -> ONS code (facts: the
# unitary or metropolitan authority that covers the town).
TOWNS: dict[str, str] = {
    name.strip(): code
    for line in """
    E06000022 bath                    # Bath and North East Somerset
    E06000008 blackburn, darwen       # Blackburn with Darwen
    E06000043 brighton, hove          # Brighton and Hove
    E06000004 stockton                # Stockton-on-Tees
    E06000003 redcar                  # Redcar and Cleveland
    E06000040 windsor, maidenhead     # Windsor and Maidenhead
    E06000024 weston super mare       # North Somerset
    E06000012 grimsby                 # North East Lincolnshire
    E06000013 scunthorpe              # North Lincolnshire
    E08000034 huddersfield, dewsbury  # Kirklees
    E08000033 halifax                 # Calderdale
    E08000015 birkenhead              # Wirral
    E08000014 southport, bootle       # Sefton
    E06000006 widnes, runcorn         # Halton
    E06000027 torquay, paignton       # Torbay
    E06000053 scilly                  # Isles of Scilly ("Scilly council", "Scilly children")
    E06000035 chatham                 # Medway
    E06000036 bracknell               # Bracknell Forest
    E06000037 newbury                 # West Berkshire
    E08000025 sutton coldfield        # Birmingham
    E09000030 bromley by bow          # Tower Hamlets (not Bromley)
    E08000028 west bromwich, smethwick  # Sandwell
    E08000027 stourbridge             # Dudley
    E06000049 crewe                   # Cheshire East
    E09000027 richmond council        # the usual short name of Richmond upon Thames
    E08000032 bradford children and families trust  # the trust since 2023
    E08000017 doncaster childrens trust  # a later name of the Doncaster trust
    """.strip().splitlines()
    for code, names in [line.split("#")[0].strip().split(" ", 1)]
    for name in names.split(",")
}

# Towns that are not district names, in the district whose upper tier answers for them on
# the article's date (facts: the pre-2009/2019/2020/2021/2023 district that contains the town).
# Towns whose names are also words, first names or places abroad (Wells, Stanley, Newark,
# Andover) are left out: a bare match would be wrong more often than right.
DISTRICT_TOWNS: dict[str, str] = {
    name.strip(): district.strip()
    for line in """
    Aylesbury Vale: aylesbury
    Wycombe: high wycombe
    Chiltern: amersham, chesham
    South Lakeland: kendal, ulverston
    Copeland: whitehaven
    Allerdale: workington, cockermouth
    Hambleton: northallerton
    Craven: skipton
    Tynedale: hexham
    Castle Morpeth: morpeth
    Wansbeck: ashington
    Berwick-upon-Tweed: berwick
    Wear Valley: bishop auckland
    Derwentside: consett
    Easington: peterlee, seaham
    South Somerset: yeovil
    Sedgemoor: bridgwater
    Weymouth and Portland: weymouth
    Huntingdonshire: huntingdon, st neots
    Fenland: wisbech
    King's Lynn and West Norfolk: king's lynn, kings lynn
    Thanet: margate, ramsgate, broadstairs
    Folkestone and Hythe: folkestone
    Swale: sittingbourne, faversham
    Dacorum: hemel hempstead
    Basingstoke and Deane: basingstoke
    Rushmoor: aldershot, farnborough
    Nuneaton and Bedworth: nuneaton
    Wyre Forest: kidderminster
    Charnwood: loughborough
    Hinckley and Bosworth: hinckley
    North West Leicestershire: coalville
    South Kesteven: grantham
    East Lindsey: skegness
    Bassetlaw: worksop
    Erewash: ilkeston
    East Staffordshire: burton upon trent, burton-on-trent
    Hyndburn: accrington
    West Lancashire: skelmersdale, ormskirk
    Tendring: clacton, clacton-on-sea
    Shrewsbury and Atcham: shrewsbury
    Carrick: truro
    """.strip().splitlines()
    for district, names in [line.split(":", 1)]
    for name in names.split(",")
}
