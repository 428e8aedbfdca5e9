import { announceOnednnSkip } from './src/testing.ts';

export default announceOnednnSkip;
