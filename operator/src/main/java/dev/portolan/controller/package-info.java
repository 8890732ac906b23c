/**
 * The controllers registered with the Operator SDK: the reconcilers that gather inputs from the
 * catalog, call the domain packages (catalog, scorecard, discovery, action) to compute the desired
 * status (or, for an Action, the run's next step), and write it. A reconciler that combines several
 * features (the Entity reconciler: schema checks, calculated and mirrored values, scorecard grades,
 * discovery's source) lives here, above all of them.
 */
package dev.portolan.controller;
