// Class index -> green-channel painter. Order follows CLASS_NAMES.
import * as cyto from './cytoplasmic-patterns.ts';
import * as nuclear from './nuclear-patterns.ts';
import type { Painter } from './nuclear-patterns.ts';

export const CLASS_PAINTERS: readonly Painter[] = [
  nuclear.nucleoplasm,
  nuclear.nuclearMembrane,
  nuclear.nucleoli,
  nuclear.fibrillarCenter,
  nuclear.nuclearSpeckles,
  nuclear.nuclearBodies,
  cyto.endoplasmicReticulum,
  cyto.golgi,
  cyto.peroxisomes,
  cyto.endosomes,
  cyto.lysosomes,
  cyto.intermediateFilaments,
  cyto.actinFilaments,
  cyto.focalAdhesions,
  cyto.microtubules,
  cyto.microtubuleEnds,
  nuclear.cytokineticBridge,
  nuclear.mitoticSpindle,
  cyto.mtoc,
  cyto.centrosome,
  cyto.lipidDroplets,
  cyto.plasmaMembrane,
  cyto.cellJunctions,
  cyto.mitochondria,
  cyto.aggresome,
  cyto.cytosol,
  cyto.cytoplasmicBodies,
  cyto.rodsAndRings,
];
