import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaI18n from '@grafana/i18n';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as i18next from 'i18next';
import * as jquery from 'jquery';
import * as lodash from 'lodash';
import * as moment from 'moment';
import * as React from 'react';
import * as ReactDom from 'react-dom';
import * as ReactDomClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRedux from 'react-redux';
import * as redux from 'redux';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';
import type { SystemJsLoader } from './dom.ts';

// The modules Grafana's plugin loader shares with plugins (its webpack
// externals are these names). A plugin that imports anything else must
// bundle it. `emotion` is the old alias Grafana still maps to @emotion/css.
const SHARED: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/i18n': grafanaI18n,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  emotion: emotionCss,
  i18next,
  jquery,
  lodash,
  moment,
  react: React,
  'react-dom': ReactDom,
  'react-dom/client': ReactDomClient,
  'react/jsx-runtime': jsxRuntime,
  'react-redux': reactRedux,
  redux,
  rxjs,
  'rxjs/operators': rxjsOperators,
};

/**
 * As Grafana does: each bare name maps to a `package:` URL in the import
 * map, and that URL holds the module namespace in the SystemJS registry, so
 * an AMD `define(["react", …])` gets the host's own React.
 */
export function registerSharedModules(system: SystemJsLoader): string[] {
  const imports: Record<string, string> = {};
  for (const [name, namespace] of Object.entries(SHARED)) {
    const id = `package:${name}`;
    system.set(id, namespace);
    imports[name] = id;
  }
  system.addImportMap({ imports });
  return Object.keys(SHARED).sort();
}
