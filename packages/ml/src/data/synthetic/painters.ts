// Class index -> green-channel painter. Order follows CLASS_NAMES.
import * as cyto from './cytoplasmic-patterns.ts';
import * as skeleton from './cytoskeleton-patterns.ts';
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
  skeleton.intermediateFilaments,
  skeleton.actinFilaments,
  skeleton.focalAdhesions,
  skeleton.microtubules,
  skeleton.microtubuleEnds,
  nuclear.cytokineticBridge,
  nuclear.mitoticSpindle,
  skeleton.mtoc,
  skeleton.centrosome,
  cyto.lipidDroplets,
  skeleton.plasmaMembrane,
  skeleton.cellJunctions,
  cyto.mitochondria,
  cyto.aggresome,
  cyto.cytosol,
  cyto.cytoplasmicBodies,
  cyto.rodsAndRings,
];
