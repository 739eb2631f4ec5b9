"""Towns that are not councils' names, and the authority or district that answers for them.

The register names councils and the districts list names districts; stories name towns
(Grimsby, Bognor Regis, Kendal). These tables are facts, read by pipeline.name_index.

Coverage: English towns of roughly 20,000 people or more that are not themselves the name of
a register authority or a district in pipeline/data/districts.json, well-known neighbourhoods
of the cities and London boroughs, and smaller towns often in the news (county towns, seaside
towns, market towns that were district seats).

Left out on purpose, because a bare capitalised match would be wrong too often (a wrong match
is worse than a miss):
- names that are also ordinary words: Deal, Fleet, Street, Wells, Stone, March, Sale, Ware,
  Barking, Crook, Settle, Rye, Battle, Eye, Chard, Bow, Poplar, Reddish, Freshwater, Lancing,
  Leek, Diss, and New Cross ("New cross-party talks" opens sentences);
- first names and common surnames: Nelson, Stanley, Beverley, Shirley, Arnold, Middleton,
  Heywood, Hyde, Hayes, Acton, Morley, Ripley, Shipley, Crosby, Radcliffe, Atherton, Hindley,
  Denton, Eastwood, Bourne, Ramsey, Holt, Hanley, Southgate, Marple, Pickering, Grays (the
  possessive "Gray's" would match);
- places sharing the name with another UK place: Gillingham (Kent/Dorset), St Ives
  (Cornwall/Cambridgeshire), Stratford (London/upon-Avon), Newport (Wales/Isle of Wight/
  Shropshire), Leigh (Wigan/Leigh-on-Sea), Kirkby (Knowsley/Ashfield), Hythe (Kent/Hampshire),
  Sudbury, Hadleigh, Royston, Cheadle, Swinton, Ely (also Cardiff's Ely), Hendon (also
  Sunderland), Whitchurch, Ashford in Surrey;
- places better known abroad or with a large namesake abroad: Washington, Wellington,
  Andover, Penrith and Ryde (NSW councils of the same name), Rochester (New York,
  Minnesota), Stamford (Connecticut), Louth (County Louth), Launceston (Tasmania), Marlborough
  (New Zealand, the dukes), Newmarket (Ontario), Edmonton (Alberta), Portland, Woodstock;
- names whose usual meaning is an institution or an event: Tavistock (the gender identity
  clinic), Feltham and Wetherby (young offender institutions), Wembley, Wimbledon, Pudsey
  (the Children in Need bear), Sandhurst, Eton, Ascot, Canary Wharf, Wapping.
Boston, Lincoln, Richmond and the like are districts handled in pipeline/place_context.py.
"""

from __future__ import annotations

from pipeline.authorities import normalise_name


def _rows(block: str) -> list[str]:
    """The non-empty lines of a table block, without their "#" comments."""
    return [row for line in block.splitlines() if (row := line.split("#")[0].strip())]


# Towns and colloquial names that are not in the register: place -> ONS code (facts: the
# unitary, metropolitan or London authority that covers the town). A code whose authority
# ended or began on a date (Bournemouth 2019, Barnsley 2025) resolves through its
# predecessors or successors on the article's date (pipeline.authority_resolution).
_TOWNS = """
    E06000022 bath                    # Bath and North East Somerset
    E06000022 keynsham, midsomer norton, radstock
    E06000008 blackburn, darwen       # Blackburn with Darwen
    E06000043 brighton, hove, portslade  # Brighton and Hove
    E06000004 stockton                # Stockton-on-Tees
    E06000004 billingham, thornaby, ingleby barwick, yarm
    E06000003 redcar                  # Redcar and Cleveland
    E06000003 guisborough, saltburn, saltburn by the sea
    E06000040 windsor, maidenhead     # Windsor and Maidenhead
    E06000024 weston super mare       # North Somerset
    E06000024 clevedon, portishead, nailsea
    E06000025 yate, filton, bradley stoke, chipping sodbury  # South Gloucestershire
    E06000012 grimsby                 # North East Lincolnshire
    E06000012 cleethorpes, immingham
    E06000013 scunthorpe              # North Lincolnshire
    E06000013 barton upon humber
    E06000011 bridlington, goole, driffield, great driffield, hornsea  # East Riding
    E06000011 withernsea, hessle, pocklington, market weighton
    E06000019 hereford, leominster, ledbury, ross on wye, bromyard  # Herefordshire
    E06000017 oakham, uppingham       # Rutland
    E06000021 burslem                 # Stoke-on-Trent
    E06000026 plympton, plymstock     # Plymouth
    E08000034 huddersfield, dewsbury  # Kirklees
    E08000034 batley, mirfield, holmfirth, heckmondwike, cleckheaton
    E08000033 halifax                 # Calderdale
    E08000033 brighouse, elland, sowerby bridge, hebden bridge, todmorden
    E08000032 keighley, ilkley, bingley, baildon  # Bradford
    E08000035 otley, garforth, horsforth, guiseley, armley, harehills  # Leeds
    E08000035 seacroft, kirkstall
    E08000036 pontefract, castleford, ossett, knottingley, hemsworth, horbury  # Wakefield
    E08000038 penistone, wombwell     # Barnsley (from 2025; before, its predecessor)
    E08000017 mexborough, conisbrough, armthorpe  # Doncaster
    E08000018 rawmarsh, wath upon dearne  # Rotherham
    E08000039 stocksbridge            # Sheffield (from 2025; before, its predecessor)
    E08000015 birkenhead              # Wirral
    E08000015 wallasey, bebington, heswall, hoylake, west kirby, new brighton
    E08000014 southport, bootle       # Sefton
    E08000014 maghull, formby
    E08000011 huyton, prescot, halewood  # Knowsley
    E08000013 newton le willows       # St Helens
    E08000012 toxteth, croxteth, norris green, wavertree  # Liverpool
    E08000001 horwich, westhoughton   # Bolton
    E08000002 ramsbottom, prestwich   # Bury
    E08000003 wythenshawe, moss side, harpurhey, ancoats, didsbury, fallowfield  # Manchester
    E08000003 rusholme, levenshulme, newton heath, cheetham hill, ardwick, burnage
    E08000003 northenden
    E08000004 chadderton, royton, failsworth, saddleworth  # Oldham
    E08000005 littleborough, milnrow  # Rochdale
    E08000006 eccles, walkden, irlam  # Salford
    E08000007 cheadle hulme, bramhall, hazel grove  # Stockport
    E08000008 ashton under lyne, stalybridge, dukinfield, droylsden, mossley  # Tameside
    E08000008 audenshaw
    E08000009 altrincham, stretford, urmston, timperley  # Trafford
    E08000010 ashton in makerfield    # Wigan
    E08000023 south shields, jarrow, hebburn  # South Tyneside
    E08000022 wallsend, whitley bay, tynemouth, north shields, killingworth  # North Tyneside
    E08000021 gosforth                # Newcastle upon Tyne
    E08000024 houghton le spring      # Sunderland
    E06000006 widnes, runcorn         # Halton
    E06000027 torquay, paignton, brixham  # Torbay
    E06000053 scilly                  # Isles of Scilly ("Scilly council", "Scilly children")
    E06000035 chatham, strood         # Medway
    E06000036 bracknell               # Bracknell Forest
    E06000037 newbury, thatcham, hungerford  # West Berkshire
    E06000042 bletchley, wolverton, newport pagnell, stony stratford  # Milton Keynes
    E06000033 leigh on sea, westcliff, westcliff on sea, shoeburyness  # Southend-on-Sea
    E06000034 tilbury, stanford le hope, purfleet, south ockendon  # Thurrock
    E06000044 southsea, cosham        # Portsmouth
    E06000046 cowes, east cowes, sandown, shanklin, ventnor  # Isle of Wight
    E06000028 boscombe                # Bournemouth (BCP from 2019, as its successor)
    E08000025 sutton coldfield        # Birmingham
    E08000025 erdington, small heath, sparkbrook, sparkhill, balsall heath, edgbaston
    E08000025 kings heath, kings norton, selly oak, digbeth, harborne, acocks green
    E08000025 castle vale, kingstanding, lozells, perry barr, hall green, stechford
    E08000025 bordesley green, ladywood, nechells, washwood heath, shard end, weoley castle
    E08000029 chelmsley wood, castle bromwich  # Solihull
    E09000030 bromley by bow          # Tower Hamlets (not Bromley)
    E08000028 west bromwich, smethwick  # Sandwell
    E08000028 oldbury, tipton, wednesbury, rowley regis, cradley heath
    E08000027 stourbridge             # Dudley
    E08000027 halesowen, brierley hill, sedgley, kingswinford
    E08000030 bloxwich, willenhall, darlaston, aldridge, brownhills  # Walsall
    E08000031 bilston, wednesfield, tettenhall  # Wolverhampton
    E06000049 crewe                   # Cheshire East
    E09000027 richmond council        # the usual short name of Richmond upon Thames
    E09000027 twickenham, teddington
    E09000022 brixton, stockwell, streatham, kennington  # Lambeth
    E09000028 peckham, camberwell, bermondsey, walworth, rotherhithe, dulwich  # Southwark
    E09000028 east dulwich
    E09000014 tottenham, wood green, hornsey, muswell hill, crouch end  # Haringey
    E09000012 dalston, shoreditch, hoxton, homerton, stoke newington, haggerston  # Hackney
    E09000030 whitechapel, bethnal green, stepney, mile end, limehouse, isle of dogs
    E09000025 east ham, canning town, forest gate, plaistow, beckton  # Newham
    E09000031 walthamstow, leyton, leytonstone, chingford  # Waltham Forest
    E09000026 ilford, wanstead, barkingside  # Redbridge
    E09000002 dagenham                # Barking and Dagenham
    E09000016 romford, hornchurch, upminster  # Havering
    E09000004 bexleyheath, sidcup, erith, crayford  # Bexley
    E09000006 orpington, beckenham, penge, chislehurst  # Bromley
    E09000008 thornton heath, purley, coulsdon, south norwood, addiscombe  # Croydon
    E09000008 new addington
    E09000029 carshalton, cheam       # Sutton
    E09000024 mitcham, morden         # Merton
    E09000021 surbiton, chessington, new malden, tolworth  # Kingston upon Thames
    E09000018 chiswick, isleworth     # Hounslow
    E09000017 uxbridge, ruislip, west drayton  # Hillingdon
    E09000009 southall, hanwell, greenford, northolt  # Ealing
    E09000005 harlesden, willesden, neasden  # Brent
    E09000015 wealdstone, pinner, stanmore  # Harrow
    E09000003 finchley, golders green, mill hill, colindale  # Barnet
    E09000010 ponders end             # Enfield
    E09000007 kentish town, camden town, holborn, hampstead, somers town  # Camden
    E09000007 gospel oak, swiss cottage
    E09000019 clerkenwell             # Islington
    E09000033 pimlico, marylebone, bayswater, maida vale  # Westminster
    E09000020 north kensington, notting hill, earls court  # Kensington and Chelsea
    E09000013 hammersmith, shepherds bush  # Hammersmith and Fulham
    E09000032 battersea, tooting, balham, putney, roehampton, earlsfield  # Wandsworth
    E09000023 catford, deptford, brockley  # Lewisham
    E09000011 woolwich, eltham, plumstead  # Greenwich
    E08000032 bradford children and families trust  # the trust since 2023
    E08000017 doncaster childrens trust  # a later name of the Doncaster trust
"""

# Towns that are not district names, in the district whose upper tier answers for them on
# the article's date (facts: the pre-2009/2019/2020/2021/2023 district that contains the town;
# where a district was later merged, its pre-merger name, whose upper tiers cover both sides).
_DISTRICT_TOWNS = """
    # North East and Cumbria
    Blyth Valley: blyth, cramlington
    Wansbeck: ashington, bedlington
    Tynedale: hexham, prudhoe
    Castle Morpeth: morpeth
    Berwick-upon-Tweed: berwick
    Wear Valley: bishop auckland
    Derwentside: consett
    Easington: peterlee, seaham
    Sedgefield: newton aycliffe, spennymoor, shildon, ferryhill
    Teesdale: barnard castle
    Allerdale: workington, cockermouth, maryport, keswick
    Copeland: whitehaven, millom
    Barrow-in-Furness: dalton in furness
    Eden: appleby in westmorland, kirkby stephen
    South Lakeland: kendal, ulverston, windermere, ambleside, grange over sands
    South Lakeland: kirkby lonsdale
    # North Yorkshire
    Hambleton: northallerton, thirsk, bedale, stokesley, easingwold
    Craven: skipton
    Harrogate: ripon, knaresborough
    Richmondshire: catterick
    Ryedale: malton
    Scarborough: whitby, filey
    Selby: tadcaster
    # North West
    West Lancashire: skelmersdale, ormskirk
    Hyndburn: accrington, oswaldtwistle
    South Ribble: leyland, penwortham
    Pendle: colne
    Ribble Valley: clitheroe
    Lancaster: morecambe, heysham, carnforth
    Wyre: fleetwood, thornton cleveleys, cleveleys, poulton le fylde, garstang
    Fylde: lytham, lytham st annes
    Rossendale: rawtenstall, bacup, haslingden
    Crewe and Nantwich: nantwich
    Macclesfield: wilmslow, knutsford, poynton, alderley edge
    Congleton: sandbach, alsager, middlewich
    Ellesmere Port and Neston: ellesmere port, neston
    Vale Royal: northwich, winsford, frodsham
    # East Midlands
    Charnwood: loughborough, shepshed
    Hinckley and Bosworth: hinckley
    North West Leicestershire: coalville, ashby de la zouch
    Harborough: market harborough, lutterworth
    Melton: melton mowbray
    Oadby and Wigston: oadby, wigston
    South Kesteven: grantham, market deeping
    East Lindsey: skegness, mablethorpe, horncastle
    South Holland: spalding, holbeach
    North Kesteven: sleaford, north hykeham
    West Lindsey: gainsborough, market rasen
    Bassetlaw: worksop, retford
    Ashfield: sutton in ashfield, kirkby in ashfield, hucknall
    Mansfield: mansfield woodhouse
    Rushcliffe: west bridgford, radcliffe on trent
    Erewash: ilkeston, long eaton
    Amber Valley: heanor, belper, alfreton
    Bolsover: shirebrook
    Derbyshire Dales: matlock, wirksworth
    High Peak: buxton, glossop, new mills, chapel en le frith
    North East Derbyshire: dronfield, clay cross
    South Derbyshire: swadlincote
    East Northamptonshire: rushden, oundle, higham ferrers, irthlingborough
    Kettering: desborough, burton latimer
    South Northamptonshire: towcester, brackley
    # West Midlands
    East Staffordshire: burton upon trent, burton-on-trent, uttoxeter
    Cannock Chase: cannock, rugeley, hednesford
    Lichfield: burntwood
    Newcastle-under-Lyme: kidsgrove
    Staffordshire Moorlands: biddulph
    Nuneaton and Bedworth: nuneaton, bedworth
    Stratford-on-Avon: stratford upon avon, alcester
    Warwick: leamington, leamington spa, kenilworth
    North Warwickshire: atherstone
    Wyre Forest: kidderminster, stourport, stourport on severn, bewdley
    Wychavon: evesham, droitwich, droitwich spa, pershore
    Malvern Hills: malvern, tenbury wells
    Shrewsbury and Atcham: shrewsbury
    South Shropshire: ludlow, church stretton
    North Shropshire: market drayton, wem
    Bridgnorth: shifnal, much wenlock
    # East of England
    South Bedfordshire: dunstable, leighton buzzard, houghton regis
    Mid Bedfordshire: biggleswade, flitwick, ampthill
    Bedford: kempston
    Dacorum: hemel hempstead, hemel, tring, berkhamsted
    St Albans: harpenden
    Welwyn Hatfield: hatfield, welwyn, welwyn garden city
    North Hertfordshire: hitchin, letchworth, letchworth garden city, baldock
    East Hertfordshire: bishop's stortford, hertford, sawbridgeworth
    Broxbourne: cheshunt, hoddesdon, waltham cross
    Hertsmere: borehamwood, bushey, potters bar, radlett
    Three Rivers: rickmansworth, chorleywood
    Basildon: billericay, wickford, laindon, pitsea
    Braintree: witham
    Castle Point: canvey, canvey island, benfleet, south benfleet
    Chelmsford: south woodham ferrers
    Epping Forest: loughton, epping, waltham abbey, chigwell
    Maldon: burnham on crouch
    Rochford: rayleigh
    Tendring: clacton, clacton-on-sea, harwich, frinton, frinton on sea, brightlingsea
    Tendring: walton on the naze
    Uttlesford: saffron walden, great dunmow, dunmow
    Huntingdonshire: huntingdon, st neots, godmanchester
    Fenland: wisbech, whittlesey, chatteris
    East Cambridgeshire: soham
    King's Lynn and West Norfolk: king's lynn, hunstanton, downham market
    Breckland: thetford, dereham, east dereham, swaffham
    Broadland: sprowston, hellesdon, aylsham
    Great Yarmouth: gorleston, gorleston on sea
    North Norfolk: cromer, north walsham, fakenham, sheringham, wells next the sea
    South Norfolk: wymondham
    Waveney: lowestoft, beccles, bungay, halesworth, southwold
    Suffolk Coastal: felixstowe, leiston, aldeburgh, saxmundham, kesgrave
    Forest Heath: mildenhall
    St Edmundsbury: bury st edmunds, haverhill
    Mid Suffolk: stowmarket, needham market
    # South East
    Aylesbury Vale: aylesbury, wendover
    Wycombe: high wycombe, marlow, princes risborough
    Chiltern: amersham, chesham, chalfont st peter, chalfont st giles
    South Bucks: beaconsfield, gerrards cross
    Cherwell: banbury, bicester, kidlington
    South Oxfordshire: didcot, henley on thames, thame, wallingford
    Vale of White Horse: abingdon, abingdon on thames, wantage, faringdon
    West Oxfordshire: witney, carterton, chipping norton
    Thanet: margate, ramsgate, broadstairs
    Folkestone and Hythe: folkestone, new romney
    Swale: sittingbourne, faversham, sheerness, sheppey, isle of sheppey
    Canterbury: whitstable, herne bay
    Gravesham: gravesend, northfleet
    Sevenoaks: swanley, edenbridge
    Tonbridge and Malling: tonbridge, snodland, west malling
    Tunbridge Wells: paddock wood
    Ashford: tenterden
    Elmbridge: weybridge, walton on thames, esher
    Epsom and Ewell: epsom, ewell
    Mole Valley: leatherhead, dorking
    Reigate and Banstead: redhill, reigate, banstead, horley
    Runnymede: egham, addlestone, chertsey
    Spelthorne: staines, staines upon thames, sunbury on thames, shepperton
    Surrey Heath: camberley, frimley, bagshot
    Tandridge: caterham, oxted
    Waverley: farnham, godalming, haslemere, cranleigh
    Adur: shoreham, shoreham by sea
    Arun: bognor, bognor regis, littlehampton, arundel, rustington
    Chichester: selsey, midhurst
    Mid Sussex: burgess hill, haywards heath, east grinstead
    Lewes: seaford, newhaven, peacehaven
    Rother: bexhill, bexhill on sea
    Wealden: crowborough, uckfield, hailsham, polegate
    Basingstoke and Deane: basingstoke
    Rushmoor: aldershot, farnborough
    East Hampshire: petersfield, bordon
    Eastleigh: chandler's ford, hedge end
    Fareham: portchester
    Gosport: lee on the solent
    Hart: yateley
    Havant: waterlooville, emsworth, hayling island
    New Forest: lymington, ringwood, new milton, totton, fordingbridge
    Test Valley: romsey
    # South West
    Carrick: truro, falmouth, penryn
    Kerrier: camborne, redruth, helston
    Penwith: penzance, hayle
    Restormel: st austell, newquay, fowey, lostwithiel
    Caradon: liskeard, saltash, torpoint, looe
    North Cornwall: bodmin, bude, wadebridge, padstow
    East Devon: exmouth, sidmouth, honiton, axminster, budleigh salterton, ottery st mary
    Mid Devon: tiverton, crediton, cullompton
    North Devon: barnstaple, ilfracombe, braunton, south molton
    South Hams: totnes, ivybridge, kingsbridge, salcombe
    Teignbridge: newton abbot, teignmouth, dawlish, bovey tracey, kingsteignton
    Torridge: bideford, great torrington, holsworthy
    West Devon: okehampton
    South Somerset: yeovil, crewkerne, wincanton, ilminster, castle cary
    Sedgemoor: bridgwater, burnham on sea, highbridge
    Mendip: frome, shepton mallet, glastonbury
    Taunton Deane: taunton
    West Somerset: minehead
    Weymouth and Portland: weymouth
    West Dorset: bridport, dorchester, sherborne, lyme regis
    North Dorset: blandford, blandford forum, sturminster newton
    East Dorset: wimborne, wimborne minster, ferndown, verwood
    Purbeck: swanage, wareham
    North Wiltshire: chippenham, calne, malmesbury, corsham, wootton bassett
    North Wiltshire: royal wootton bassett
    West Wiltshire: trowbridge, melksham, bradford on avon, warminster
    Kennet: devizes, tidworth
    Salisbury: amesbury
    Cotswold: cirencester, moreton in marsh, bourton on the water, stow on the wold, tetbury
    Forest of Dean: cinderford, coleford, lydney, newent
    Stroud: dursley, nailsworth
"""

# Every row as written (town, code or district), for checks that no town is listed twice.
TOWN_ROWS: list[tuple[str, str]] = [
    (normalise_name(name), code)
    for row in _rows(_TOWNS)
    for code, names in [row.split(None, 1)]
    for name in names.split(",")
]
DISTRICT_TOWN_ROWS: list[tuple[str, str]] = [
    (normalise_name(name), district.strip())
    for row in _rows(_DISTRICT_TOWNS)
    for district, names in [row.split(":", 1)]
    for name in names.split(",")
]

TOWNS: dict[str, str] = dict(TOWN_ROWS)

# Towns whose names are also words, first names or places abroad (Wells, Stanley, Newark,
# Andover) are left out: a bare match would be wrong more often than right (module doc).
DISTRICT_TOWNS: dict[str, str] = dict(DISTRICT_TOWN_ROWS)
