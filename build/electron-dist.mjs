// Parent configuration of electron-builder.yml (its `extends`): where electron-builder takes the
// Electron runtime from. By default it downloads electron-v<version>-<platform>-<arch>.zip (the
// version of node_modules/electron); on a machine without that download, point one of these at
// an Electron 45.5.0 of the target platform:
//
//   SHAREDECK_ELECTRON_DIST      an unpacked Electron folder, a folder holding the official zip,
//                                or the zip itself
//   ELECTRON_OVERRIDE_DIST_PATH  an unpacked Electron folder (the variable the electron package
//                                itself honours)
//
// e.g. SHAREDECK_ELECTRON_DIST=~/Downloads/electron-v45.5.0-linux-x64.zip npm run dist
import process from 'node:process';

export default function electronDist() {
  const dist = process.env.SHAREDECK_ELECTRON_DIST || process.env.ELECTRON_OVERRIDE_DIST_PATH;
  return dist ? { electronDist: dist } : {};
}
