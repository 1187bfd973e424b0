#!/usr/bin/env python3
"""Writes cadt-project.schema.json and cadt-unit.schema.json (JSON Schema 2020-12) from the CAD Trust's Joi validations.

Source: github.com/Chia-Network/cadt at commit 171e6d636265c248a5893a0e9efad50dd2e4f12e (2025-09-10), files src/validations/*.js
and the picklists of src/models/governance/governance.stub.js (the values a CADT node uses in simulator/development mode; a live
node downloads the governance picklist, which may add values). Every property carries a "$comment" naming the file and the Joi rule
it comes from. Joi rules translated:
  Joi.string()                -> {"type": "string", "minLength": 1}   (Joi refuses '' unless .allow(''))
  .allow(null)                -> null added to "type"
  .required()                 -> listed in "required"
  Joi.object({...})           -> "additionalProperties": false        (Joi refuses unknown keys by default)
  Joi.date()                  -> an ISO 8601 date or date-time string, or a number (Joi.date accepts a timestamp)
  .custom(pickListValidation) -> "enum" of the picklist
  Joi.number().integer()      -> {"type": "integer"}
Rules JSON Schema cannot state (an end date not before its start, Joi.ref) are checked in code: CadtSchemas.CheckDates.
Run: python3 schemas/cadt/generate_schemas.py  (reads picklists.json next to it)
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
PICK = json.load(open(os.path.join(HERE, 'picklists.json'), encoding='utf-8'))
V = 'src/validations/'


def s(src, nullable=False, allow_empty=False):
    t = {'type': ['string', 'null'] if nullable else 'string', '$comment': src}
    if not allow_empty:
        t['minLength'] = 1
    return t


def date(src, nullable=False):
    d = {'$ref': '#/$defs/date', '$comment': src}
    return {'anyOf': [d, {'type': 'null'}], '$comment': src} if nullable else d


def stamp(src):
    return {'type': ['number', 'string', 'null'], '$comment': src}


def pick(name, src):
    return {'enum': PICK[name], '$comment': src + f" (picklist '{name}', governance.stub.js)"}


def obj(props, required, src):
    return {'type': 'object', 'properties': props, 'required': required, 'additionalProperties': False, '$comment': src}


def meta(f):
    return {
        'timeStaged': stamp(f + ' timeStaged: Joi.date().timestamp().allow(null).optional()'),
        'updatedAt': date(f + ' updatedAt: Joi.date().optional()', True),
        'createdAt': date(f + ' createdAt: Joi.date().optional()', True),
    }


F = V + 'issuances.validation.js issuanceSchema.'
issuance = obj({
    'id': s(F + 'id: Joi.string().allow(null).optional()', True),
    'warehouseProjectId': s(F + 'warehouseProjectId: Joi.string().allow(null).optional()', True),
    'startDate': date(F + 'startDate: Joi.date().required()'),
    'endDate': date(F + "endDate: Joi.date().min(Joi.ref('startDate')).required() (the min is checked in code)"),
    'verificationApproach': s(F + 'verificationApproach: Joi.string().required()'),
    'verificationBody': s(F + "verificationBody: Joi.string().allow('').optional()", allow_empty=True),
    'verificationReportDate': date(F + 'verificationReportDate: Joi.date().required()'),
    **meta(F),
}, ['startDate', 'endDate', 'verificationApproach', 'verificationReportDate'], V + 'issuances.validation.js issuanceSchema')

F = V + 'labels.validations.js labelSchema.'
G = V + 'labelUnit.validations.js labelUnitSchema.'
label = obj({
    'id': s(F + 'id: Joi.string().optional()'),
    'warehouseProjectId': s(F + 'warehouseProjectId: Joi.string().optional()'),
    'label': s(F + 'label: Joi.string().required()'),
    'labelType': pick('labelType', F + 'labelType: Joi.string().custom(pickListValidation(\'labelType\')).required()'),
    'creditingPeriodStartDate': date(F + 'creditingPeriodStartDate: Joi.date().required()'),
    'creditingPeriodEndDate': date(F + "creditingPeriodEndDate: Joi.date().min(Joi.ref('creditingPeriodStartDate')).required() (the min is checked in code)"),
    'validityPeriodStartDate': s(F + 'validityPeriodStartDate: Joi.string().required()'),
    'validityPeriodEndDate': date(F + "validityPeriodEndDate: Joi.date().min(Joi.ref('validityPeriodStartDate')).required() (the min is checked in code)"),
    'unitQuantity': {'type': 'integer', '$comment': F + 'unitQuantity: Joi.number().integer().required()'},
    'labelLink': s(F + 'labelLink: Joi.string().required()'),
    'label_unit': obj({
        'id': s(G + 'id: Joi.string().optional()'), 'orgUid': s(G + 'orgUid: Joi.string()'),
        'warehouseUnitId': s(G + 'warehouseUnitId: Joi.string()'), 'labelId': s(G + 'labelId: Joi.string()'), **meta(G),
    }, [], V + 'labelUnit.validations.js labelUnitSchema'),
    **meta(F),
}, ['label', 'labelType', 'creditingPeriodStartDate', 'creditingPeriodEndDate', 'validityPeriodStartDate', 'validityPeriodEndDate',
    'unitQuantity', 'labelLink'], V + 'labels.validations.js labelSchema')

F = V + 'locations.validations.js locationSchema.'
location = obj({
    'id': s(F + 'id: Joi.string().optional()'),
    'country': pick('countries', F + "country: Joi.string().custom(pickListValidation('countries', 'ProjectLocation Country')).required()"),
    'inCountryRegion': s(F + "inCountryRegion: Joi.string().allow(null, '').optional()", True, True),
    'geographicIdentifier': {'type': ['string', 'number'], 'minLength': 1, '$comment': F + 'geographicIdentifier: Joi.alternatives().try(Joi.string(), Joi.number()).required()'},
    'fileId': s(F + "fileId: Joi.string().allow(null, '').optional()", True, True),
    **meta(F),
}, ['country', 'geographicIdentifier'], V + 'locations.validations.js locationSchema')

F = V + 'relatedProjects.validations.js relatedProjectSchema.'
related = obj({
    'id': s(F + 'id: Joi.string().optional()'),
    'relatedProjectId': s(F + 'relatedProjectId: Joi.string().required()'),
    'relationshipType': s(F + 'relationshipType: Joi.string().optional()'),
    'registry': s(F + 'registry: Joi.string().optional()'),
    **meta(F),
}, ['relatedProjectId'], V + 'relatedProjects.validations.js relatedProjectSchema')

F = V + 'co-benefits.validations.js cobenefitSchema.'
cobenefit = obj({'id': s(F + 'id: Joi.string().optional()'), 'cobenefit': s(F + 'cobenefit: Joi.string().required()'), **meta(F)},
                ['cobenefit'], V + 'co-benefits.validations.js cobenefitSchema')

defs_common = {
    'date': {'$comment': 'Joi.date(): an ISO 8601 date or date-time string, or a timestamp number',
             'anyOf': [{'type': 'string', 'format': 'date'}, {'type': 'string', 'format': 'date-time'}, {'type': 'number'}]},
    'issuance': issuance, 'label': label,
}


def arr(ref, src):
    return {'type': 'array', 'items': {'$ref': ref}, 'minItems': 1, '$comment': src}


F = V + 'projects.validations.js baseSchema.'
project = {
    '$schema': 'https://json-schema.org/draft/2020-12/schema',
    '$id': 'https://ecoledger.example/schemas/cadt/cadt-project.schema.json',
    'title': 'CAD Trust project record (POST /v1/projects), as EcoLedger exports and imports it',
    '$comment': 'Generated by schemas/cadt/generate_schemas.py from Chia-Network/cadt@171e6d63 ' + V + 'projects.validations.js (projectsPostSchema); see schemas/cadt/README.md',
    **obj({
        'currentRegistry': s(F + 'currentRegistry: Joi.string().allow(null).optional()', True),
        'projectId': {'type': ['string', 'number'], 'minLength': 1, '$comment': F + 'projectId: Joi.alternatives().try(Joi.string(), Joi.number()).required()'},
        'originProjectId': {'type': ['string', 'number'], 'minLength': 1, '$comment': F + 'originProjectId: Joi.alternatives().try(Joi.string(), Joi.number()).required()'},
        'registryOfOrigin': s(F + 'registryOfOrigin: Joi.string().required()'),
        'program': s(F + 'program: Joi.string().allow(null).optional()', True),
        'projectName': s(F + 'projectName: Joi.string().required()'),
        'projectLink': s(F + 'projectLink: Joi.string().required()'),
        'projectDeveloper': s(F + 'projectDeveloper: Joi.string().required()'),
        'sector': s(F + 'sector: Joi.string().required()'),
        'projectType': s(F + 'projectType: Joi.string().required()'),
        'projectTags': s(F + 'projectTags: Joi.string().allow(null).optional()', True),
        'coveredByNDC': pick('coveredByNDC', F + "coveredByNDC: Joi.string().custom(pickListValidation('coveredByNDC')).required()"),
        'ndcInformation': s(F + 'ndcInformation: Joi.string().allow(null).optional()', True),
        'projectStatus': pick('projectStatusValues', F + "projectStatus: Joi.string().custom(pickListValidation('projectStatusValues', 'projectStatus')).required()"),
        'projectStatusDate': date(F + 'projectStatusDate: Joi.date().required()'),
        'unitMetric': pick('unitMetric', F + "unitMetric: Joi.string().custom(pickListValidation('unitMetric')).required()"),
        'methodology': s(F + 'methodology: Joi.string().required()'),
        'methodology2': s(F + 'methodology2: Joi.string().allow(null).optional()', True),
        'validationBody': s(F + 'validationBody: Joi.string().allow(null).optional()', True),
        'validationDate': date(F + 'validationDate: Joi.date().allow(null).optional()', True),
        'description': s(F + 'description: Joi.string().allow(null).optional()', True),
        'labels': arr('#/$defs/label', F + 'labels: Joi.array().items(labelSchema).min(1).optional()'),
        'issuances': arr('#/$defs/issuance', F + 'issuances: Joi.array().items(issuanceSchema).min(1).optional()'),
        'coBenefits': arr('#/$defs/cobenefit', F + 'coBenefits: Joi.array().items(cobenefitSchema).min(1).optional()'),
        'relatedProjects': arr('#/$defs/relatedProject', F + 'relatedProjects: Joi.array().items(relatedProjectSchema).min(1).optional()'),
        'projectLocations': arr('#/$defs/location', F + 'projectLocations: Joi.array().items(locationSchema).min(1).optional()'),
        'projectRatings': {'type': 'array', 'minItems': 1, 'items': {'type': 'object'}, '$comment': F + 'projectRatings: Joi.array().items(ratingSchema).min(1).optional() (items not checked further: EcoLedger neither writes nor reads ratings)'},
        'estimations': {'type': 'array', 'minItems': 1, 'items': {'type': 'object'}, '$comment': F + 'estimations: Joi.array().items(estimationSchema).min(1).optional() (items not checked further: EcoLedger neither writes nor reads estimations)'},
        **meta(F),
    }, ['projectId', 'originProjectId', 'registryOfOrigin', 'projectName', 'projectLink', 'projectDeveloper', 'sector', 'projectType', 'coveredByNDC',
        'projectStatus', 'projectStatusDate', 'unitMetric', 'methodology'], F.rstrip('.')),
    '$defs': {**defs_common, 'location': location, 'relatedProject': related, 'cobenefit': cobenefit},
}

F = V + 'units.validations.js unitsBaseSchema.'
unit = {
    '$schema': 'https://json-schema.org/draft/2020-12/schema',
    '$id': 'https://ecoledger.example/schemas/cadt/cadt-unit.schema.json',
    'title': 'CAD Trust unit record (POST /v1/units), as EcoLedger exports and imports it',
    '$comment': 'Generated by schemas/cadt/generate_schemas.py from Chia-Network/cadt@171e6d63 ' + V + 'units.validations.js (unitsPostSchema); see schemas/cadt/README.md',
    **obj({
        'projectLocationId': s(F + 'projectLocationId: Joi.string().allow(null).optional()', True),
        'unitOwner': s(F + 'unitOwner: Joi.string().allow(null).optional()', True),
        'countryJurisdictionOfOwner': pick('countries', F + "countryJurisdictionOfOwner: Joi.string().custom(pickListValidation('countries', 'countryJurisdictionOfOwner')).required()"),
        'inCountryJurisdictionOfOwner': s(F + 'inCountryJurisdictionOfOwner: Joi.string().allow(null).optional()', True),
        'unitBlockStart': s(F + 'unitBlockStart: Joi.string().required()'),
        'unitBlockEnd': s(F + 'unitBlockEnd: Joi.string().required()'),
        'unitCount': {'type': 'integer', '$comment': F + 'unitCount: Joi.number().integer().required()'},
        'vintageYear': {'type': 'integer', 'minimum': 1900, 'maximum': 3000, '$comment': F + 'vintageYear: Joi.number().integer().min(1900).max(3000).required()'},
        'unitType': pick('unitType', F + "unitType: Joi.string().custom(pickListValidation('unitType')).required()"),
        'marketplace': s(F + 'marketplace: Joi.string().allow(null).optional()', True),
        'marketplaceLink': s(F + 'marketplaceLink: Joi.string().allow(null).optional()', True),
        'marketplaceIdentifier': s(F + "marketplaceIdentifier: Joi.string().disallow('').allow(null).optional()", True),
        'unitTags': s(F + "unitTags: Joi.string().allow('').allow(null).optional()", True, True),
        'unitStatus': pick('unitStatus', F + "unitStatus: Joi.string().custom(pickListValidation('unitStatus')).required()"),
        'unitStatusReason': s(F + "unitStatusReason: Joi.string().when('unitStatus', { is: Joi.exist().valid('cancelled', 'retired'), then: Joi.required(), otherwise: Joi.allow(null).optional() })", True),
        'unitRegistryLink': s(F + 'unitRegistryLink: Joi.string().required()'),
        'correspondingAdjustmentDeclaration': pick('correspondingAdjustmentDeclaration', F + "correspondingAdjustmentDeclaration: Joi.string().custom(pickListValidation('correspondingAdjustmentDeclaration')).required()"),
        'correspondingAdjustmentStatus': pick('correspondingAdjustmentStatus', F + "correspondingAdjustmentStatus: Joi.string().custom(pickListValidation('correspondingAdjustmentStatus')).required()"),
        'issuance': {'$ref': '#/$defs/issuance', '$comment': F + 'issuance: issuanceSchema.optional()'},
        'labels': {'type': 'array', 'items': {'$ref': '#/$defs/label'}, '$comment': F + 'labels: Joi.array().items(labelSchema).optional()'},
        **meta(F),
    }, ['countryJurisdictionOfOwner', 'unitBlockStart', 'unitBlockEnd', 'unitCount', 'vintageYear', 'unitType', 'unitStatus', 'unitRegistryLink',
        'correspondingAdjustmentDeclaration', 'correspondingAdjustmentStatus'], F.rstrip('.')),
    # Joi's condition compares with lower-case 'cancelled'/'retired' while the picklist spells 'Cancelled'/'Retired', so as written it
    # never fires; the intent (a reason for every retired or cancelled unit) is enforced here with the picklist's spelling.
    'if': {'properties': {'unitStatus': {'enum': ['Retired', 'Cancelled']}}, 'required': ['unitStatus']},
    'then': {'required': ['unitStatusReason'], 'properties': {'unitStatusReason': {'type': 'string', 'minLength': 1}},
             '$comment': F + "unitStatusReason required when unitStatus is retired or cancelled (see README: Joi's lower-case values)"},
    '$defs': defs_common,
}

for name, doc in (('cadt-project.schema.json', project), ('cadt-unit.schema.json', unit)):
    with open(os.path.join(HERE, name), 'w', encoding='utf-8') as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write('\n')
