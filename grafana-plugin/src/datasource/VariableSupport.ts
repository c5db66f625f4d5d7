import { CustomVariableSupport } from '@grafana/data';
import type { DataQueryRequest, DataQueryResponse } from '@grafana/data';
import { map } from 'rxjs';
import type { Observable } from 'rxjs';

import type { DataSource } from './DataSource';
import type { DeskpulseVariableQuery } from './types';
import { VariableQueryEditor } from './VariableQueryEditor';

/** Query variables list the distinct values Deskpulse has seen (`variables.values`). */
export class DeskpulseVariableSupport extends CustomVariableSupport<
  DataSource,
  DeskpulseVariableQuery
> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<DeskpulseVariableQuery>): Observable<DataQueryResponse> {
    const variable = request.targets[0]?.variable ?? 'queue';
    return this.datasource
      .variableFrames(variable, request.requestId)
      .pipe(map((frames) => ({ data: frames })));
  }
}
