package dev.portolan.catalog;

import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.Automation;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.Initiative;
import dev.portolan.model.RelationGrant;
import dev.portolan.model.Scorecard;
import dev.portolan.model.Waiver;

/**
 * Hears every change the catalog index sees. A null old value means the resource was added, a null
 * new value that it was deleted. Called on the informer's thread: keep it quick.
 */
public interface CatalogListener {
  default void entityChanged(Entity oldEntity, Entity newEntity) {}

  default void blueprintChanged(Blueprint oldBlueprint, Blueprint newBlueprint) {}

  default void scorecardChanged(Scorecard oldScorecard, Scorecard newScorecard) {}

  default void actionDefinitionChanged(
      ActionDefinition oldDefinition, ActionDefinition newDefinition) {}

  default void actionChanged(Action oldAction, Action newAction) {}

  default void relationGrantChanged(RelationGrant oldGrant, RelationGrant newGrant) {}

  default void waiverChanged(Waiver oldWaiver, Waiver newWaiver) {}

  default void initiativeChanged(Initiative oldInitiative, Initiative newInitiative) {}

  default void automationChanged(Automation oldAutomation, Automation newAutomation) {}
}
