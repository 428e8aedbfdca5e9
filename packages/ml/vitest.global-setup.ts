import { announceOnednnSkip } from '@hpa-lab/onednn-kernels/testing';

export default announceOnednnSkip;
