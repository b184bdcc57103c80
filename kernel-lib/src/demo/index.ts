/** demo: the seeded synthetic NPC cohort that mirrors the study's design. */
export { DEMO_DEFAULT_SEED, DEMO_REVISION, type DemoCohortOptions, type DemoCohortSummary, writeDemoCohort } from "./cohort.js";
export { CLINICAL_UNITS, type DemoCase, type DemoClinical, designCohort, groupSizes, STUDY_GROUPS, STUDY_SIZE } from "./design.js";
export { DEMO_GRID, synthesiseCase } from "./phantom.js";
export { cohortIsCurrent, DEMO_CLINICAL_COLUMNS, type DemoStudy, type DemoStudyOptions, demoModelCommand, openDemoStudy } from "./study-data.js";
