export { buildModel } from './build-model.ts';
export { buildSmallCnnModel, type SmallCnnConfig } from './small-cnn.ts';
export { buildResnetModel, type ResnetConfig } from './resnet.ts';
export { buildMobilenetV2Model, type MobilenetV2Config } from './mobilenet-v2.ts';
